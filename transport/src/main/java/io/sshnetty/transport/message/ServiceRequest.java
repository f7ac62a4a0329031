package io.sshnetty.transport.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;

/** SSH_MSG_SERVICE_REQUEST, RFC 4253 §10. */
public record ServiceRequest(String serviceName) implements SshMessage {
    public static ServiceRequest decode(ByteBuf in) {
        Wire.readByte(in);
        return new ServiceRequest(Wire.readAscii(in));
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
