package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.List;

/** SSH_MSG_USERAUTH_FAILURE, RFC 4252 §5.1: the methods that can continue, and partial success. */
public record UserAuthFailure(List<String> methodsThatCanContinue, boolean partialSuccess) implements SshMessage {
    @Override
    public int messageNumber() {
        return MessageNumbers.USERAUTH_FAILURE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.USERAUTH_FAILURE);
        Wire.writeNameList(out, methodsThatCanContinue);
        Wire.writeBoolean(out, partialSuccess);
    }
}
