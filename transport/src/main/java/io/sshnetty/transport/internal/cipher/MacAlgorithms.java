package io.sshnetty.transport.internal.cipher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every MAC algorithm sshnetty implements, by name: the one list of them. */
public final class MacAlgorithms {
    /** Everything implemented; adding an algorithm is one entry here. */
    private static final Map<String, MacAlgorithm> ALL = table(
            Hmac.HMAC_SHA2_256_ETM,
            Hmac.HMAC_SHA2_512_ETM,
            Hmac.HMAC_SHA2_256,
            Hmac.HMAC_SHA2_512,
            Hmac.HMAC_SHA1_ETM,
            Hmac.HMAC_SHA1);

    /** Implemented but never offered unless an application lists them: SHA-1's collision resistance is gone. */
    private static final List<String> LEGACY = List.of("hmac-sha1-etm@openssh.com", "hmac-sha1");

    /** OpenSSH's default preference (myproposal.h, KEX_SERVER_MAC, OpenSSH 9.x). */
    private static final List<String> OPENSSH_DEFAULT = List.of(
            "umac-64-etm@openssh.com", "umac-128-etm@openssh.com",
            "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
            "hmac-sha1-etm@openssh.com",
            "umac-64@openssh.com", "umac-128@openssh.com",
            "hmac-sha2-256", "hmac-sha2-512",
            "hmac-sha1");

    private static final List<String> DEFAULT_NAMES = OPENSSH_DEFAULT.stream()
            .filter(name -> ALL.containsKey(name) && !LEGACY.contains(name)).toList();

    private MacAlgorithms() {
    }

    /** Every implemented algorithm by name, in a stable order; immutable. */
    public static Map<String, MacAlgorithm> all() {
        return ALL;
    }

    public static Optional<MacAlgorithm> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** The names to offer by default: OpenSSH's default order, filtered to what is implemented, legacy SHA-1 left out. */
    public static List<String> defaultNames() {
        return DEFAULT_NAMES;
    }

    private static Map<String, MacAlgorithm> table(MacAlgorithm... algorithms) {
        Map<String, MacAlgorithm> byName = new LinkedHashMap<>();
        for (MacAlgorithm algorithm : algorithms) {
            if (byName.putIfAbsent(algorithm.name(), algorithm) != null) {
                throw new IllegalStateException("two MACs named " + algorithm.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }
}
