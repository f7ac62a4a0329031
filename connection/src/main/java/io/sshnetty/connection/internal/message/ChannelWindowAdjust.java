package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_CHANNEL_WINDOW_ADJUST, RFC 4254 §5.2; {@code bytesToAdd} is a uint32. */
public record ChannelWindowAdjust(int recipientChannel, int bytesToAdd) implements ConnectionMessage {
    public static ChannelWindowAdjust decode(ByteBuf in) {
        ConnectionMessages.expectNumber(in, MessageNumbers.CHANNEL_WINDOW_ADJUST);
        ChannelWindowAdjust message = new ChannelWindowAdjust(Wire.readUint32(in), Wire.readUint32(in));
        Wire.expectEnd(in, "CHANNEL_WINDOW_ADJUST");
        return message;
    }

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
