package io.sshnetty.connection.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;

/** SSH_MSG_CHANNEL_WINDOW_ADJUST, RFC 4254 §5.2. */
public record ChannelWindowAdjust(int recipientChannel, int bytesToAdd) implements SshMessage {
    @Override
    public int messageNumber() {
        return MessageNumbers.CHANNEL_WINDOW_ADJUST;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.CHANNEL_WINDOW_ADJUST);
        out.writeInt(recipientChannel);
        out.writeInt(bytesToAdd);
    }
}
