package io.sshnetty.auth.internal.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The authentication decoders fed arbitrary payloads: each either decodes or fails with
 * {@link SshProtocolException} carrying a reason, and whatever decodes survives encode then decode unchanged.
 * {@code mvn verify} replays the corpus under {@code src/test/resources/io/sshnetty/auth/internal/message/UserAuthFuzzTestInputs/};
 * docs/fuzzing.md says how to fuzz.
 */
class UserAuthFuzzTest {
    /** SSH_MSG_USERAUTH_REQUEST of every method: none, password (with change), publickey, host-bound, keyboard-interactive, unknown. */
    @FuzzTest
    void request(byte[] input) {
        decodeAndRoundTrip(input, UserAuthRequest::decode);
    }

    /** SSH_MSG_USERAUTH_INFO_RESPONSE. */
    @FuzzTest
    void infoResponse(byte[] input) {
        decodeAndRoundTrip(input, UserAuthInfoResponse::decode);
    }

    private static <T extends SshMessage> void decodeAndRoundTrip(byte[] input, Function<ByteBuf, T> decoder) {
        T message;
        try {
            message = decoder.apply(Unpooled.wrappedBuffer(input));
        } catch (SshProtocolException expected) {
            assertNotNull(expected.reason());
            return;
        }
        ByteBuf encoded = Unpooled.buffer();
        try {
            message.encode(encoded);
            assertEquals(message, decoder.apply(encoded));
            assertEquals(0, encoded.readableBytes());
        } finally {
            encoded.release();
        }
    }
}
