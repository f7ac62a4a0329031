package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_IGNORE, RFC 4253 §11.2: {@code string data}, which the receiver ignores. */
public record Ignore(byte[] data) implements TransportMessage {

    public static Ignore decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.IGNORE, "SSH_MSG_IGNORE");
        Ignore ignore = new Ignore(Wire.readBytes(in));
        Wire.expectEnd(in, "SSH_MSG_IGNORE");
        return ignore;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.IGNORE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.IGNORE);
        Wire.writeBytes(out, data);
    }

    @Override
    public int estimatedSize() {
        return 5 + data.length;
    }
}
