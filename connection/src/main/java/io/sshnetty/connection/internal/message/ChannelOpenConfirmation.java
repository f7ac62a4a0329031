package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_CHANNEL_OPEN_CONFIRMATION, RFC 4254 §5.1. */
public record ChannelOpenConfirmation(int recipientChannel, int senderChannel, int initialWindowSize,
        int maximumPacketSize) implements ConnectionMessage {
    /** The client's answer to a channel we opened (a forwarded connection, an agent's). */
    public static ChannelOpenConfirmation decode(ByteBuf in) {
        ConnectionMessages.expectNumber(in, MessageNumbers.CHANNEL_OPEN_CONFIRMATION);
        ChannelOpenConfirmation message = new ChannelOpenConfirmation(Wire.readUint32(in), Wire.readUint32(in),
                Wire.readUint32(in), Wire.readUint32(in));
        Wire.expectEnd(in, "CHANNEL_OPEN_CONFIRMATION");
        return message;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.CHANNEL_OPEN_CONFIRMATION;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.CHANNEL_OPEN_CONFIRMATION);
        out.writeInt(recipientChannel);
        out.writeInt(senderChannel);
        out.writeInt(initialWindowSize);
        out.writeInt(maximumPacketSize);
    }
}
