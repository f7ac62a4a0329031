package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH2_MSG_PONG (OpenSSH PROTOCOL, ping@openssh.com): {@code string data}, the data of the PING it answers. */
public record Pong(byte[] data) implements TransportMessage {

    public static Pong decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.PONG, "SSH2_MSG_PONG");
        Pong pong = new Pong(Wire.readBytes(in));
        Wire.expectEnd(in, "SSH2_MSG_PONG");
        return pong;
    }

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
