package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_USERAUTH_PASSWD_CHANGEREQ, RFC 4252 §8: the password must change; {@code prompt} says why. */
public record UserAuthPasswdChangeReq(String prompt) implements SshMessage {
    /** Shares its number with PK_OK and INFO_REQUEST: the method in progress gives it its meaning. */
    public static final int NUMBER = 60;

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        Wire.writeUtf8(out, prompt);
        Wire.writeAscii(out, "");
    }
}
