package io.sshnetty.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sshnetty.transport.internal.IdentificationHandler;
import io.sshnetty.transport.internal.IdentificationHandler.InvalidIdentification;
import io.sshnetty.transport.internal.IdentificationHandler.PeerIdentification;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's identification line (RFC 4253 §4.2) fed arbitrary bytes, in arbitrary pieces: the handler
 * either accepts one well-formed line, refuses and closes, or waits for more of a line shorter than the
 * limit — never a stray exception, never a leaked buffer, and whatever follows an accepted line goes on
 * untouched. The first input byte sets the piece size (0: everything at once); the rest is what the client sent.
 */
class IdentificationFuzzTest {
    private static final String OURS = "SSH-2.0-sshnetty_fuzz";

    @FuzzTest
    void clientLine(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int piece = input[0] & 0xff;
        Events events = new Events();
        EmbeddedChannel channel = new EmbeddedChannel(new IdentificationHandler(OURS), events);
        try {
            ByteBuf ours = channel.readOutbound();
            ours.release();
            List<ByteBuf> fed = new ArrayList<>();
            int offset = 1;
            while (offset < input.length && channel.isOpen()) {
                int length = piece == 0 ? input.length - offset : Math.min(piece, input.length - offset);
                ByteBuf bytes = Unpooled.copiedBuffer(input, offset, length);
                fed.add(bytes);
                channel.writeInbound(bytes);
                offset += length;
            }
            channel.checkException();
            check(input, events, channel);
            channel.finishAndReleaseAll();
            for (ByteBuf bytes : fed) {
                assertEquals(0, bytes.refCnt(), "input buffer released");
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void check(byte[] input, Events events, EmbeddedChannel channel) {
        if (events.accepted != null) {
            String line = events.accepted.clientIdentification();
            assertTrue(line.startsWith("SSH-2.0-") || line.startsWith("SSH-1.99-"), line);
            assertTrue(line.length() <= IdentificationHandler.MAX_LINE_LENGTH - 1, "line within the limit");
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "printable ASCII only");
            assertEquals(OURS, events.accepted.serverIdentification());
            assertTrue(events.refused == null, "accepted and refused");
            assertFalse(channel.pipeline().names().contains("identification"), "handler removed itself");
            int consumed = indexOf(input, (byte) '\n') + 1;
            assertEquals(input.length - consumed, events.passedOnBytes, "bytes after the line pass on untouched");
        } else if (events.refused != null) {
            ByteBuf answer = channel.readOutbound();
            try {
                assertEquals("Invalid SSH identification string.\r\n", answer.toString(StandardCharsets.US_ASCII));
            } finally {
                answer.release();
            }
            assertFalse(channel.isOpen(), "closed after refusing");
        } else {
            assertTrue(input.length - 1 < IdentificationHandler.MAX_LINE_LENGTH, "waits only for a line under the limit");
            assertTrue(channel.isOpen());
        }
    }

    private static int indexOf(byte[] input, byte value) {
        for (int i = 1; i < input.length; i++) {
            if (input[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Records what the handler reports and what it passes on. */
    private static final class Events extends ChannelInboundHandlerAdapter {
        PeerIdentification accepted;
        InvalidIdentification refused;
        int passedOnBytes;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof PeerIdentification) {
                assertTrue(accepted == null, "one identification only");
                accepted = (PeerIdentification) event;
            } else if (event instanceof InvalidIdentification) {
                refused = (InvalidIdentification) event;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                assertTrue(accepted != null, "bytes passed on before the line was accepted");
                passedOnBytes += bytes.readableBytes();
            } finally {
                bytes.release();
            }
        }
    }
}
