package io.sshnetty.transport.internal.cipher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every encryption algorithm sshnetty implements, by name: the one list of them. */
public final class CipherAlgorithms {
    /** Everything implemented; adding an algorithm is one entry here. */
    private static final Map<String, CipherAlgorithm> ALL = table(
            ChaCha20Poly1305.INSTANCE,
            AesCtr.AES128_CTR,
            AesCtr.AES192_CTR,
            AesCtr.AES256_CTR,
            AesGcm.AES128_GCM,
            AesGcm.AES256_GCM);

    /** OpenSSH's default preference (myproposal.h, KEX_SERVER_ENCRYPT, OpenSSH 9.x). */
    private static final List<String> OPENSSH_DEFAULT = List.of(
            "chacha20-poly1305@openssh.com",
            "aes128-ctr", "aes192-ctr", "aes256-ctr",
            "aes128-gcm@openssh.com", "aes256-gcm@openssh.com");

    private static final List<String> DEFAULT_NAMES = OPENSSH_DEFAULT.stream().filter(ALL::containsKey).toList();

    private CipherAlgorithms() {
    }

    /** Every implemented algorithm by name, in a stable order; immutable. */
    public static Map<String, CipherAlgorithm> all() {
        return ALL;
    }

    public static Optional<CipherAlgorithm> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** The names to offer by default: OpenSSH's default order, filtered to what is implemented. */
    public static List<String> defaultNames() {
        return DEFAULT_NAMES;
    }

    private static Map<String, CipherAlgorithm> table(CipherAlgorithm... algorithms) {
        Map<String, CipherAlgorithm> byName = new LinkedHashMap<>();
        for (CipherAlgorithm algorithm : algorithms) {
            if (byName.putIfAbsent(algorithm.name(), algorithm) != null) {
                throw new IllegalStateException("two ciphers named " + algorithm.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }
}
