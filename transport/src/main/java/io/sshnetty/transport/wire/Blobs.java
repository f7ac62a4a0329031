package io.sshnetty.transport.wire;

import io.sshnetty.transport.internal.wire.Wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The byte-array blobs SSH nests inside messages — public keys, signatures, certificates, the exchange hash's
 * fields (RFC 4253 §6.6, §8) — written and read with {@link Wire}'s field codecs.
 */
public final class Blobs {
    private Blobs() {
    }

    /** The bytes {@code writer} writes, as a fresh array. */
    public static byte[] build(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            writer.accept(out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /**
     * Reads {@code blob} with {@code reader}, which must consume all of it; null when the blob is malformed
     * ({@link SshProtocolException} or {@link IllegalArgumentException} from the reader) or has trailing bytes.
     * For peer-supplied signatures, where a bad blob is a failed check rather than an error.
     */
    public static <T> T readAll(byte[] blob, Function<ByteBuf, T> reader) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            T value = reader.apply(in);
            return in.isReadable() ? null : value;
        } catch (SshProtocolException | IllegalArgumentException malformed) {
            return null;
        } finally {
            in.release();
        }
    }

    /**
     * The string field at the start of {@code blob} as ASCII (a key type or signature algorithm name), read
     * without parsing the rest; null when the blob does not start with one.
     */
    public static String leadingName(byte[] blob) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            return Wire.readAscii(in);
        } catch (SshProtocolException malformed) {
            return null;
        } finally {
            in.release();
        }
    }
}
