package io.sshnetty.transport.internal.compression;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inflating side of a zlib stream fed arbitrary compressed bytes, cut into packets: each packet inflates
 * to at most the payload limit or fails with COMPRESSION_ERROR — no other exception, no buffer left
 * unreleased, no output beyond the bound however the bytes are crafted (a zlib bomb). The first input byte
 * sets the packet size (0: one packet); the rest is the stream.
 */
class ZlibStreamFuzzTest {
    /** Small, so that bombs reach the bound within a fuzzing iteration. */
    private static final int LIMIT = 32 * 1024;

    @FuzzTest
    void inflate(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int packet = input[0] & 0xff;
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
        ZlibStream stream = CompressionAlgorithm.ZLIB.newStream(false, LIMIT);
        try {
            int offset = 1;
            while (offset < input.length) {
                int length = packet == 0 ? input.length - offset : Math.min(packet, input.length - offset);
                ByteBuf payload = allocator.heapBuffer(length).writeBytes(input, offset, length);
                offset += length;
                try {
                    ByteBuf inflated = stream.decompress(payload, allocator);
                    assertTrue(inflated.readableBytes() <= LIMIT, "inflated within the limit");
                    inflated.release();
                } catch (SshProtocolException e) {
                    assertEquals(DisconnectReason.COMPRESSION_ERROR, e.reason(), e.getMessage());
                    break;
                } finally {
                    payload.release();
                }
            }
        } finally {
            stream.end();
        }
        assertEquals(0, allocator.metric().usedHeapMemory(), "every buffer released");
    }
}
