package io.sshnetty.connection.internal.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The connection protocol's decoders fed arbitrary payloads, chosen by their first byte as the connection
 * handler chooses: each returns a message or throws {@link SshProtocolException} with PROTOCOL_ERROR, and
 * what decodes encodes to bytes that decode to the same message (an ASCII field's non-ASCII bytes become
 * '?' once, so the check is on the re-encoded form), with every buffer released. {@code mvn verify} replays
 * the corpus under {@code src/test/resources/io/sshnetty/connection/internal/message/ConnectionMessagesFuzzTestInputs/};
 * docs/fuzzing.md says how to fuzz.
 */
class ConnectionMessagesFuzzTest {
    @FuzzTest
    void decode(byte[] input) {
        ByteBuf payload = Unpooled.wrappedBuffer(input);
        try {
            ConnectionMessage message;
            try {
                message = ConnectionMessages.decode(payload);
            } catch (SshProtocolException expected) {
                assertEquals(DisconnectReason.PROTOCOL_ERROR, expected.reason());
                return;
            }
            if (message != null) {
                roundTrip(message);
            }
        } finally {
            assertEquals(1, payload.refCnt(), "a decoded message released what it held of the payload");
            payload.release();
        }
    }

    private static void roundTrip(ConnectionMessage message) {
        ByteBuf first = Unpooled.buffer();
        ByteBuf second = Unpooled.buffer();
        ConnectionMessage again = null;
        ConnectionMessage third = null;
        try {
            message.encode(first);
            first.markReaderIndex();
            again = ConnectionMessages.decode(first);
            first.resetReaderIndex();
            again.encode(second);
            assertEquals(ByteBufUtil.hexDump(first), ByteBufUtil.hexDump(second), message.toString());
            third = ConnectionMessages.decode(second);
            assertEquals(again, third);
        } finally {
            release(message);
            release(again);
            release(third);
            first.release();
            second.release();
        }
    }

    private static void release(ConnectionMessage message) {
        if (message instanceof ChannelData data) {
            data.release();
        }
    }
}
