package io.sshnetty.transport.kex;

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

    /** Every method, in OpenSSH's order of preference (OpenSSH 10's default KexAlgorithms). */
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

    /** Every implemented method in OpenSSH's order of preference. */
    public static List<String> defaultNames() {
        return List.copyOf(ALL.keySet());
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
