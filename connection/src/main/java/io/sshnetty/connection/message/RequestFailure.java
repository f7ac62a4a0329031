package io.sshnetty.connection.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;

/** SSH_MSG_REQUEST_FAILURE, RFC 4254 §4: the answer to a global request we do not serve. */
public enum RequestFailure implements SshMessage {
    INSTANCE;

    @Override
    public int messageNumber() {
        return MessageNumbers.REQUEST_FAILURE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.REQUEST_FAILURE);
    }
}
