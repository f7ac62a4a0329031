package io.sshnetty.transport.internal.compression;

/**
 * A compression algorithm as negotiated by name (RFC 4253 §6.2), listed once in {@link CompressionAlgorithms}.
 *
 * @param name       the name in KEXINIT's compression lists
 * @param compresses whether packets are compressed at all ("none" does not)
 * @param delayed    whether compression starts only once the user is authenticated (OpenSSH's
 *                   zlib@openssh.com, PROTOCOL §1.3), so no unauthenticated peer reaches the inflater
 */
public record CompressionAlgorithm(String name, boolean compresses, boolean delayed) {
    public static final CompressionAlgorithm NONE = new CompressionAlgorithm("none", false, false);
    public static final CompressionAlgorithm ZLIB = new CompressionAlgorithm("zlib", true, false);
    public static final CompressionAlgorithm ZLIB_OPENSSH = new CompressionAlgorithm("zlib@openssh.com", true, true);

    /** One direction's stream, or null for "none". */
    public ZlibStream newStream(boolean compress, int maxPayloadLength) {
        return compresses ? new ZlibStream(compress, maxPayloadLength) : null;
    }
}
