package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_NEWKEYS, RFC 4253 §7.3: the message number alone. */
public enum NewKeys implements TransportMessage {
    INSTANCE;

    public static NewKeys decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.NEWKEYS, "SSH_MSG_NEWKEYS");
        Wire.expectEnd(in, "SSH_MSG_NEWKEYS");
        return INSTANCE;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.NEWKEYS;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.NEWKEYS);
    }
}
