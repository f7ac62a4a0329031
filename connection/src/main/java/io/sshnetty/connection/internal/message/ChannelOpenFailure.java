package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_CHANNEL_OPEN_FAILURE, RFC 4254 §5.1, with the reason codes of §5.1. */
public record ChannelOpenFailure(int recipientChannel, int reasonCode, String description, String languageTag)
        implements ConnectionMessage {
    public static final int ADMINISTRATIVELY_PROHIBITED = 1;
    public static final int CONNECT_FAILED = 2;
    public static final int UNKNOWN_CHANNEL_TYPE = 3;
    public static final int RESOURCE_SHORTAGE = 4;

    /** A failure with an empty language tag, as we send them. */
    public ChannelOpenFailure(int recipientChannel, int reasonCode, String description) {
        this(recipientChannel, reasonCode, description, "");
    }

    /** The client's refusal of a channel we opened. */
    public static ChannelOpenFailure decode(ByteBuf in) {
        ConnectionMessages.expectNumber(in, MessageNumbers.CHANNEL_OPEN_FAILURE);
        ChannelOpenFailure message = new ChannelOpenFailure(Wire.readUint32(in), Wire.readUint32(in), Wire.readUtf8(in),
                Wire.readAscii(in));
        Wire.expectEnd(in, "CHANNEL_OPEN_FAILURE");
        return message;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.CHANNEL_OPEN_FAILURE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.CHANNEL_OPEN_FAILURE);
        out.writeInt(recipientChannel);
        out.writeInt(reasonCode);
        Wire.writeUtf8(out, description);
        Wire.writeAscii(out, languageTag);
    }
}
