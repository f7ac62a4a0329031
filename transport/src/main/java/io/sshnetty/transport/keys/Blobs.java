package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.SshProtocolException;

import java.util.function.Consumer;
import java.util.function.Function;

/** Small helpers for the byte-array blobs of keys and signatures (RFC 4253 §6.6). */
final class Blobs {
    private Blobs() {
    }

    /** The bytes {@code writer} writes. */
    static byte[] build(Consumer<ByteBuf> writer) {
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
     * Reads {@code blob} with {@code reader}, which must consume all of it; null when the blob is
     * malformed or has trailing bytes. For peer-supplied signatures, where a bad blob is a failed check.
     */
    static <T> T readAll(byte[] blob, Function<ByteBuf, T> reader) {
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
}
