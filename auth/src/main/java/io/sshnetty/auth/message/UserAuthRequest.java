package io.sshnetty.auth.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Wire;

/**
 * The common head of SSH_MSG_USERAUTH_REQUEST, RFC 4252 §5; the method-specific fields stay in the
 * payload for the method to read.
 */
public record UserAuthRequest(String user, String service, String method) {
    /** User names longer than this are refused (sshd's limit is smaller still on most systems). */
    public static final int MAX_USER_LENGTH = 256;

    /** Reads the head of the request; {@code in} is left at the method-specific fields. */
    public static UserAuthRequest decodeHead(ByteBuf in) {
        Wire.readByte(in);
        return new UserAuthRequest(Wire.readUtf8(in, MAX_USER_LENGTH), Wire.readAscii(in), Wire.readAscii(in));
    }
}
