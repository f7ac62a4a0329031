package io.sshnetty.transport.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;

/** SSH_MSG_SERVICE_ACCEPT, RFC 4253 §10. */
public record ServiceAccept(String serviceName) implements SshMessage {
    public static ServiceAccept decode(ByteBuf in) {
        Wire.readByte(in);
        return new ServiceAccept(Wire.readAscii(in));
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
