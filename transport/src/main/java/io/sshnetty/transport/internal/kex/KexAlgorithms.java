package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.keys.NistCurve;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.params.DHParameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one table of key exchange methods: every implemented method by name, and the default order. */
public final class KexAlgorithms {
    /** OpenSSH's pseudo-algorithm names for strict KEX (OpenSSH PROTOCOL §1.10), never negotiated as methods. */
    public static final String STRICT_KEX_CLIENT = "kex-strict-c-v00@openssh.com";
    public static final String STRICT_KEX_SERVER = "kex-strict-s-v00@openssh.com";
    /** RFC 8308 §2.1: the client's signal that it accepts SSH_MSG_EXT_INFO. */
    public static final String EXT_INFO_CLIENT = "ext-info-c";
    /** RFC 8308 §2.1: ours. */
    public static final String EXT_INFO_SERVER = "ext-info-s";

    /** Every method, in OpenSSH's order of preference (OpenSSH 10's ssh_config KexAlgorithms, the client's default). */
    private static final Map<String, KexAlgorithm> ALL = table(
            new OneRoundKex("mlkem768x25519-sha256", "SHA-256", new HybridKemAgreement(PostQuantumKem.ML_KEM_768, "SHA-256")),
            new OneRoundKex("sntrup761x25519-sha512", "SHA-512", new HybridKemAgreement(PostQuantumKem.SNTRUP_761, "SHA-512")),
            new OneRoundKex("sntrup761x25519-sha512@openssh.com", "SHA-512",
                    new HybridKemAgreement(PostQuantumKem.SNTRUP_761, "SHA-512")),
            new OneRoundKex("curve25519-sha256", "SHA-256", new Curve25519Agreement()),
            new OneRoundKex("curve25519-sha256@libssh.org", "SHA-256", new Curve25519Agreement()),
            new OneRoundKex("ecdh-sha2-nistp256", "SHA-256", new EcdhAgreement(NistCurve.P256)),
            new OneRoundKex("ecdh-sha2-nistp384", "SHA-384", new EcdhAgreement(NistCurve.P384)),
            new OneRoundKex("ecdh-sha2-nistp521", "SHA-512", new EcdhAgreement(NistCurve.P521)),
            new GroupExchangeKex(),
            // RFC 8268 §3: the RFC 3526 groups 16 (4096 bits), 18 (8192 bits) and 14 (2048 bits), generator 2.
            new OneRoundKex("diffie-hellman-group16-sha512", "SHA-512", fixedGroup(DHStandardGroups.rfc3526_4096)),
            new OneRoundKex("diffie-hellman-group18-sha512", "SHA-512", fixedGroup(DHStandardGroups.rfc3526_8192)),
            new OneRoundKex("diffie-hellman-group14-sha256", "SHA-256", fixedGroup(DHStandardGroups.rfc3526_2048)));

    private KexAlgorithms() {
    }

    /** The method named {@code name}, if it is implemented. */
    public static Optional<KexAlgorithm> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /**
     * The methods a server offers unless the application chooses: OpenSSH 10's sshd default KexAlgorithms,
     * the post-quantum hybrids, curve25519 and the NIST curves. Since 10.0 sshd offers no finite-field
     * Diffie-Hellman (fixed groups or group exchange) by default; here that also keeps 4096- and 8192-bit
     * modular exponentiation, the costliest pre-authentication work a peer can ask for, off the default offer.
     */
    public static List<String> defaultNames() {
        return List.of("mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
                "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
                "ecdh-sha2-nistp521");
    }

    /** Every implemented method, in OpenSSH's order of preference: the defaults and the finite-field ones. */
    public static List<String> allNames() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * Whether {@code name} is a signal rather than a method (ext-info, strict KEX): such names sit in the
     * key exchange name-list but are never negotiated (RFC 8308 §2.1, OpenSSH PROTOCOL §1.10).
     */
    public static boolean isPseudoAlgorithm(String name) {
        return name.equals(EXT_INFO_CLIENT) || name.equals(EXT_INFO_SERVER) || name.equals(STRICT_KEX_CLIENT)
                || name.equals(STRICT_KEX_SERVER);
    }

    private static DiffieHellmanAgreement fixedGroup(DHParameters group) {
        return new DiffieHellmanAgreement(group.getP(), group.getG());
    }

    private static Map<String, KexAlgorithm> table(KexAlgorithm... algorithms) {
        Map<String, KexAlgorithm> map = new LinkedHashMap<>();
        for (KexAlgorithm algorithm : algorithms) {
            map.put(algorithm.name(), algorithm);
        }
        return map;
    }
}
