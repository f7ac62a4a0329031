package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.ArrayList;
import java.util.List;

/**
 * SSH_MSG_USERAUTH_INFO_RESPONSE, RFC 4256 §3.4: the client's answers to the prompts, in order. The answers
 * are secrets as often as not: {@link #toString} leaves them out.
 */
public record UserAuthInfoResponse(List<String> responses) implements SshMessage {
    public static final int NUMBER = 61;
    /** More prompts than this in one round is not a conversation sshd would hold either. */
    public static final int MAX_RESPONSES = 64;
    /** Longest single response read. */
    public static final int MAX_RESPONSE_LENGTH = 8192;

    public UserAuthInfoResponse {
        responses = List.copyOf(responses);
    }

    /**
     * Decodes the whole payload, message number included.
     *
     * @throws SshProtocolException with {@code PROTOCOL_ERROR} for anything malformed or over a limit
     */
    public static UserAuthInfoResponse decode(ByteBuf in) {
        int number = Wire.readByte(in);
        if (number != NUMBER) {
            throw SshProtocolException.protocolError("not a keyboard-interactive response: message " + number);
        }
        int count = Wire.readUint32(in);
        if (count < 0 || count > MAX_RESPONSES) {
            throw SshProtocolException.protocolError("keyboard-interactive response with " + Integer.toUnsignedString(count)
                    + " answers");
        }
        List<String> responses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            responses.add(AuthFields.readText(in, MAX_RESPONSE_LENGTH, "keyboard-interactive answer"));
        }
        Wire.expectEnd(in, "keyboard-interactive response");
        return new UserAuthInfoResponse(responses);
    }

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    /** Writes the response as a client sends it (tests, fuzz corpora). */
    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        out.writeInt(responses.size());
        for (String response : responses) {
            Wire.writeUtf8(out, response);
        }
    }

    @Override
    public String toString() {
        return "UserAuthInfoResponse[" + responses.size() + " answers]";
    }
}
