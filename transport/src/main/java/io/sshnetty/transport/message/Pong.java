package io.sshnetty.transport.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;

/** SSH2_MSG_PONG (OpenSSH PROTOCOL, ping@openssh.com): {@code string data}, the data of the PING it answers. */
public record Pong(byte[] data) implements SshMessage {
    @Override
    public int messageNumber() {
        return MessageNumbers.PONG;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.PONG);
        Wire.writeBytes(out, data);
    }

    @Override
    public int estimatedSize() {
        return 5 + data.length;
    }
}
