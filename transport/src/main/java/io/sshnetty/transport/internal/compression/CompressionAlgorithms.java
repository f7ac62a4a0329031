package io.sshnetty.transport.internal.compression;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of compression algorithms. By default a server offers what OpenSSH's sshd offers: none,
 * and zlib@openssh.com, which compresses only after authentication; plain zlib (compression from the first
 * key exchange on, so before authentication) is implemented but offered only when an application lists it.
 */
public final class CompressionAlgorithms {
    private static final Map<String, CompressionAlgorithm> ALL = new LinkedHashMap<>();

    static {
        for (CompressionAlgorithm algorithm : List.of(CompressionAlgorithm.NONE, CompressionAlgorithm.ZLIB_OPENSSH,
                CompressionAlgorithm.ZLIB)) {
            ALL.put(algorithm.name(), algorithm);
        }
    }

    private CompressionAlgorithms() {
    }

    public static Optional<CompressionAlgorithm> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** sshd's default: {@code none,zlib@openssh.com}. */
    public static List<String> defaultNames() {
        return List.of("none", "zlib@openssh.com");
    }
}
