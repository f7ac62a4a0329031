package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_SERVICE_ACCEPT, RFC 4253 §10: {@code string service name}. */
public record ServiceAccept(String serviceName) implements TransportMessage {
    public static ServiceAccept decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.SERVICE_ACCEPT, "SSH_MSG_SERVICE_ACCEPT");
        ServiceAccept message = new ServiceAccept(Wire.readAscii(in));
        Wire.expectEnd(in, "SSH_MSG_SERVICE_ACCEPT");
        return message;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.SERVICE_ACCEPT;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.SERVICE_ACCEPT);
        Wire.writeAscii(out, serviceName);
    }
}
