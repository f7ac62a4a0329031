package io.sshnetty.transport.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One direction's zlib stream (RFC 1950, with its header, as RFC 4253 §6.2 asks): one stream for the life of
 * the keys, each packet's payload flushed at its end so the peer can inflate it at once. Inflating is bounded:
 * a payload that inflates beyond the packet limit is a compression error, not memory spent (a zlib bomb). A
 * peer that ends its stream (a final block) has broken that rule: a compression error too, as in OpenSSH, so
 * bytes after the end are never silently dropped.
 */
public final class ZlibStream {
    private static final int CHUNK = 16 * 1024;

    private final Deflater deflater;
    private final Inflater inflater;
    private final int maxPayloadLength;
    private final byte[] chunk = new byte[CHUNK];

    ZlibStream(boolean compress, int maxPayloadLength) {
        this.deflater = compress ? new Deflater(Deflater.DEFAULT_COMPRESSION, false) : null;
        this.inflater = compress ? null : new Inflater(false);
        this.maxPayloadLength = maxPayloadLength;
    }

    /** Compresses the readable bytes of {@code payload} onto {@code out}, flushed so the peer can inflate them. */
    public void compress(ByteBuf payload, ByteBuf out) {
        byte[] input = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), input);
        deflater.setInput(input);
        int produced;
        do {
            produced = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.writeBytes(chunk, 0, produced);
        } while (produced == chunk.length);
    }

    /** Inflates {@code payload} into a new buffer, at most the packet limit; the caller releases both. */
    public ByteBuf decompress(ByteBuf payload, ByteBufAllocator allocator) {
        byte[] input = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), input);
        inflater.setInput(input);
        ByteBuf out = allocator.heapBuffer(Math.min(maxPayloadLength, input.length * 4 + 64));
        try {
            while (true) {
                int produced = inflater.inflate(chunk);
                if (inflater.finished()) { // as OpenSSH: Z_STREAM_END is an error, whatever followed it unread
                    throw new SshProtocolException(DisconnectReason.COMPRESSION_ERROR,
                            "the peer ended its zlib stream; it must last as long as the keys");
                }
                if (produced > 0) {
                    if (out.readableBytes() + produced > maxPayloadLength) {
                        throw new SshProtocolException(DisconnectReason.COMPRESSION_ERROR,
                                "a compressed payload inflates beyond " + maxPayloadLength + " bytes");
                    }
                    out.writeBytes(chunk, 0, produced);
                } else if (inflater.needsInput()) {
                    return out;
                } else if (inflater.needsDictionary()) {
                    throw new SshProtocolException(DisconnectReason.COMPRESSION_ERROR, "zlib stream asks for a dictionary");
                }
            }
        } catch (DataFormatException e) {
            out.release();
            throw new SshProtocolException(DisconnectReason.COMPRESSION_ERROR, "bad zlib data: " + e.getMessage());
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Frees the native zlib state. */
    public void end() {
        if (deflater != null) {
            deflater.end();
        }
        if (inflater != null) {
            inflater.end();
        }
    }
}
