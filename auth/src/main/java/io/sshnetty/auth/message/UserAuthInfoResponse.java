package io.sshnetty.auth.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;

import java.util.ArrayList;
import java.util.List;

/** SSH_MSG_USERAUTH_INFO_RESPONSE, RFC 4256 §3.4: the client's answers to the prompts, in order. */
public record UserAuthInfoResponse(List<String> responses) {
    public static final int NUMBER = 61;
    /** More prompts than this in one round is not a conversation sshd would hold either. */
    public static final int MAX_RESPONSES = 64;
    /** Longest single response read. */
    public static final int MAX_RESPONSE_LENGTH = 8192;

    public UserAuthInfoResponse {
        responses = List.copyOf(responses);
    }

    /** Decodes the whole payload, message number included. */
    public static UserAuthInfoResponse decode(ByteBuf in) {
        Wire.readByte(in);
        int count = Wire.readUint32(in);
        if (count < 0 || count > MAX_RESPONSES) {
            throw SshProtocolException.protocolError("keyboard-interactive response with " + Integer.toUnsignedString(count)
                    + " answers");
        }
        List<String> responses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            responses.add(Wire.readUtf8(in, MAX_RESPONSE_LENGTH));
        }
        Wire.expectEnd(in, "keyboard-interactive response");
        return new UserAuthInfoResponse(responses);
    }
}
