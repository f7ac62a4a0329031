package io.sshnetty.transport.kex;

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

    private static final Map<String, KexAlgorithm> ALL = table(
            new Curve25519Kex("curve25519-sha256"),
            new Curve25519Kex("curve25519-sha256@libssh.org"));

    private KexAlgorithms() {
    }

    public static Optional<KexAlgorithm> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** Every implemented method in OpenSSH's order of preference. */
    public static List<String> defaultNames() {
        return List.copyOf(ALL.keySet());
    }

    private static Map<String, KexAlgorithm> table(KexAlgorithm... algorithms) {
        Map<String, KexAlgorithm> map = new LinkedHashMap<>();
        for (KexAlgorithm algorithm : algorithms) {
            map.put(algorithm.name(), algorithm);
        }
        return map;
    }
}
