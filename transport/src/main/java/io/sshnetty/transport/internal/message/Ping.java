package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH2_MSG_PING (OpenSSH PROTOCOL, ping@openssh.com): {@code string data}, to come back in a PONG. */
public record Ping(byte[] data) implements TransportMessage {

    public static Ping decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.PING, "SSH2_MSG_PING");
        Ping ping = new Ping(Wire.readBytes(in));
        Wire.expectEnd(in, "SSH2_MSG_PING");
        return ping;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.PING;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.PING);
        Wire.writeBytes(out, data);
    }

    @Override
    public int estimatedSize() {
        return 5 + data.length;
    }
}
