package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_SERVICE_REQUEST, RFC 4253 §10: {@code string service name}. */
public record ServiceRequest(String serviceName) implements TransportMessage {
    public static ServiceRequest decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.SERVICE_REQUEST, "SSH_MSG_SERVICE_REQUEST");
        ServiceRequest message = new ServiceRequest(Wire.readAscii(in));
        Wire.expectEnd(in, "SSH_MSG_SERVICE_REQUEST");
        return message;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.SERVICE_REQUEST;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.SERVICE_REQUEST);
        Wire.writeAscii(out, serviceName);
    }
}
