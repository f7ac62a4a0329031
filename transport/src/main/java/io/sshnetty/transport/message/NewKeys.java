package io.sshnetty.transport.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;

/** SSH_MSG_NEWKEYS, RFC 4253 §7.3. */
public enum NewKeys implements SshMessage {
    INSTANCE;

    @Override
    public int messageNumber() {
        return MessageNumbers.NEWKEYS;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.NEWKEYS);
    }
}
