package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_UNIMPLEMENTED, RFC 4253 §11.4: the answer to a message number we do not know. */
public record Unimplemented(int rejectedSequenceNumber) implements TransportMessage {

    public static Unimplemented decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.UNIMPLEMENTED, "SSH_MSG_UNIMPLEMENTED");
        Unimplemented unimplemented = new Unimplemented(Wire.readUint32(in));
        Wire.expectEnd(in, "SSH_MSG_UNIMPLEMENTED");
        return unimplemented;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.UNIMPLEMENTED;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.UNIMPLEMENTED);
        out.writeInt(rejectedSequenceNumber);
    }
}
