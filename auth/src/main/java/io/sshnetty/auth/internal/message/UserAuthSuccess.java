package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;

/** SSH_MSG_USERAUTH_SUCCESS, RFC 4252 §5.1. */
public enum UserAuthSuccess implements SshMessage {
    INSTANCE;

    @Override
    public int messageNumber() {
        return MessageNumbers.USERAUTH_SUCCESS;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.USERAUTH_SUCCESS);
    }
}
