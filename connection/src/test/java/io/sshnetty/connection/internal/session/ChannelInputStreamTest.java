package io.sshnetty.connection.internal.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stdin of process-style commands: what it holds for the client is bounded in memory, not just bytes. */
class ChannelInputStreamTest {
    @Test
    void oneByteChunksDoNotPinTheirReadBuffers() throws IOException {
        AtomicLong consumed = new AtomicLong();
        ChannelInputStream stream = new ChannelInputStream(consumed::addAndGet);
        // One decoder read buffer, and a client sending a byte per CHANNEL_DATA: each arrives as a slice of it.
        ByteBuf readBuffer = Unpooled.directBuffer(64 * 1024);
        for (int i = 0; i < readBuffer.capacity(); i++) {
            readBuffer.writeByte(i);
        }
        for (int i = 0; i < readBuffer.capacity(); i++) {
            stream.offer(readBuffer.retainedSlice(i, 1));
        }
        assertEquals(1, readBuffer.refCnt(), "queued 1-byte chunks keep the read buffer alive");
        readBuffer.release();

        byte[] all = stream.readNBytes(64 * 1024);
        for (int i = 0; i < all.length; i++) {
            assertEquals((byte) i, all[i]);
        }
        assertEquals(64 * 1024, consumed.get());
        stream.close();
    }

    @Test
    void largeChunksAreKeptAsTheyCameAndSmallOnesAfterThemStayInOrder() throws IOException {
        ChannelInputStream stream = new ChannelInputStream(n -> { });
        ByteBuf large = Unpooled.buffer(8192).writeZero(8192);
        stream.offer(large);
        stream.offer(Unpooled.wrappedBuffer(new byte[] {1, 2}));
        stream.offer(Unpooled.wrappedBuffer(new byte[] {3}));
        assertEquals(8195, stream.available());
        assertEquals(8192, stream.readNBytes(8192).length);
        assertEquals(1, stream.read());
        assertEquals(2, stream.read());
        assertEquals(3, stream.read());
        stream.endOfInput();
        assertEquals(-1, stream.read());
        stream.close();
    }
}
