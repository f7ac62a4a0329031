package io.sshnetty.transport.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** zlib streams as RFC 4253 §6.2 uses them: one stream per direction, every packet flushed, inflation bounded. */
class ZlibStreamTest {
    private static final int LIMIT = 256 * 1024;

    @Test
    void packetsCompressedOnOneStreamInflateOneByOne() {
        ZlibStream deflating = CompressionAlgorithm.ZLIB.newStream(true, LIMIT);
        ZlibStream inflating = CompressionAlgorithm.ZLIB.newStream(false, LIMIT);
        Random random = new Random(5);
        try {
            for (int i = 0; i < 20; i++) {
                byte[] payload = new byte[random.nextInt(40_000) + 1];
                for (int j = 0; j < payload.length; j++) {
                    payload[j] = (byte) (random.nextInt(4) + 'a'); // compressible
                }
                ByteBuf compressed = Unpooled.buffer();
                deflating.compress(Unpooled.wrappedBuffer(payload), compressed);
                ByteBuf inflated = inflating.decompress(compressed, ByteBufAllocator.DEFAULT);
                try {
                    byte[] back = new byte[inflated.readableBytes()];
                    inflated.readBytes(back);
                    assertArrayEquals(payload, back, "packet " + i);
                } finally {
                    inflated.release();
                    compressed.release();
                }
            }
        } finally {
            deflating.end();
            inflating.end();
        }
    }

    @Test
    void streamHasAZlibHeaderAsRfc1950Says() throws Exception {
        ZlibStream deflating = CompressionAlgorithm.ZLIB.newStream(true, LIMIT);
        ByteBuf compressed = Unpooled.buffer();
        try {
            deflating.compress(Unpooled.wrappedBuffer("hello".getBytes()), compressed);
            assertEquals(0x78, compressed.getUnsignedByte(0), "zlib header, not raw deflate");
            Inflater standard = new Inflater(false);
            byte[] input = new byte[compressed.readableBytes()];
            compressed.getBytes(0, input);
            standard.setInput(input);
            byte[] out = new byte[16];
            assertEquals(5, standard.inflate(out));
            standard.end();
        } finally {
            compressed.release();
            deflating.end();
        }
    }

    @Test
    void payloadInflatingBeyondThePacketLimitIsACompressionError() {
        ZlibStream deflating = CompressionAlgorithm.ZLIB.newStream(true, 64 * 1024 * 1024);
        ZlibStream inflating = CompressionAlgorithm.ZLIB.newStream(false, LIMIT);
        ByteBuf bomb = Unpooled.buffer();
        try {
            deflating.compress(Unpooled.wrappedBuffer(new byte[4 * 1024 * 1024]), bomb); // 4 MiB of zeros: ~4 KiB
            SshProtocolException error = assertThrows(SshProtocolException.class,
                    () -> inflating.decompress(bomb, ByteBufAllocator.DEFAULT));
            assertEquals(DisconnectReason.COMPRESSION_ERROR, error.reason());
        } finally {
            bomb.release();
            deflating.end();
            inflating.end();
        }
    }

    @Test
    void aStreamThePeerEndsIsACompressionErrorNotSilentlyTruncated() {
        java.util.zip.Deflater finishing = new java.util.zip.Deflater();
        finishing.setInput("ended".getBytes());
        finishing.finish();
        byte[] ended = new byte[64];
        int length = finishing.deflate(ended);
        finishing.end();
        ZlibStream inflating = CompressionAlgorithm.ZLIB.newStream(false, LIMIT);
        ByteBuf payload = Unpooled.buffer().writeBytes(ended, 0, length).writeBytes("trailing".getBytes());
        try {
            SshProtocolException error = assertThrows(SshProtocolException.class,
                    () -> inflating.decompress(payload, ByteBufAllocator.DEFAULT));
            assertEquals(DisconnectReason.COMPRESSION_ERROR, error.reason());
        } finally {
            payload.release();
            inflating.end();
        }
    }

    @Test
    void garbageIsACompressionError() {
        ZlibStream inflating = CompressionAlgorithm.ZLIB.newStream(false, LIMIT);
        try {
            SshProtocolException error = assertThrows(SshProtocolException.class,
                    () -> inflating.decompress(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6}), ByteBufAllocator.DEFAULT));
            assertEquals(DisconnectReason.COMPRESSION_ERROR, error.reason());
        } finally {
            inflating.end();
        }
    }

    @Test
    void noneHasNoStreamAndOnlyTheOpenSshFormIsOfferedByDefault() {
        assertNull(CompressionAlgorithm.NONE.newStream(true, LIMIT));
        assertEquals(java.util.List.of("none", "zlib@openssh.com"), CompressionAlgorithms.defaultNames());
        assertEquals(true, CompressionAlgorithms.byName("zlib@openssh.com").orElseThrow().delayed());
        assertEquals(false, CompressionAlgorithms.byName("zlib").orElseThrow().delayed());
    }
}
