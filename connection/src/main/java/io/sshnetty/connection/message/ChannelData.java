package io.sshnetty.connection.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;

/**
 * SSH_MSG_CHANNEL_DATA or, with a data type code, SSH_MSG_CHANNEL_EXTENDED_DATA (RFC 4254 §5.2). Carries
 * its data as a buffer it owns, encoded straight into the packet; being a buffer holder, its size counts
 * towards the channel's writability while it waits.
 */
public final class ChannelData extends DefaultByteBufHolder implements SshMessage {
    /** The data type code of stderr, RFC 4254 §5.2. */
    public static final int EXTENDED_STDERR = 1;
    /** No data type code: plain SSH_MSG_CHANNEL_DATA. */
    public static final int NOT_EXTENDED = 0;

    private final int recipientChannel;
    private final int dataTypeCode;

    public ChannelData(int recipientChannel, int dataTypeCode, ByteBuf data) {
        super(data);
        this.recipientChannel = recipientChannel;
        this.dataTypeCode = dataTypeCode;
    }

    public int recipientChannel() {
        return recipientChannel;
    }

    public int dataTypeCode() {
        return dataTypeCode;
    }

    @Override
    public int messageNumber() {
        return dataTypeCode == NOT_EXTENDED ? MessageNumbers.CHANNEL_DATA : MessageNumbers.CHANNEL_EXTENDED_DATA;
    }

    @Override
    public void encode(ByteBuf out) {
        ByteBuf data = content();
        out.writeByte(messageNumber());
        out.writeInt(recipientChannel);
        if (dataTypeCode != NOT_EXTENDED) {
            out.writeInt(dataTypeCode);
        }
        out.writeInt(data.readableBytes());
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }

    @Override
    public int estimatedSize() {
        return 13 + content().readableBytes();
    }

    @Override
    public ChannelData replace(ByteBuf content) {
        return new ChannelData(recipientChannel, dataTypeCode, content);
    }

    @Override
    public String toString() {
        return "ChannelData(channel=" + recipientChannel + ", type=" + dataTypeCode + ", " + content().readableBytes() + " bytes)";
    }
}
