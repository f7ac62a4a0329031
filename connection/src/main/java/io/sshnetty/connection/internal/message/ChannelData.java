package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * SSH_MSG_CHANNEL_DATA or, with a data type code, SSH_MSG_CHANNEL_EXTENDED_DATA (RFC 4254 §5.2). Carries
 * its data as a buffer it owns, encoded straight into the packet; being a buffer holder, its size counts
 * towards the channel's writability while it waits. Decoded, the data is a retained slice of the packet:
 * no copy.
 */
public final class ChannelData extends DefaultByteBufHolder implements ConnectionMessage {
    /** The data type code of stderr, RFC 4254 §5.2. */
    public static final int EXTENDED_STDERR = 1;
    /** No data type code: plain SSH_MSG_CHANNEL_DATA. */
    public static final int NOT_EXTENDED = 0;

    private final int recipientChannel;
    private final boolean extended;
    private final int dataTypeCode;

    public ChannelData(int recipientChannel, int dataTypeCode, ByteBuf data) {
        this(recipientChannel, dataTypeCode != NOT_EXTENDED, dataTypeCode, data);
    }

    /** Extended data may carry any code, 0 included (which means nothing, RFC 4254 §5.2). */
    private ChannelData(int recipientChannel, boolean extended, int dataTypeCode, ByteBuf data) {
        super(data);
        this.recipientChannel = recipientChannel;
        this.extended = extended;
        this.dataTypeCode = dataTypeCode;
    }

    /**
     * Reads SSH_MSG_CHANNEL_DATA or _EXTENDED_DATA; the data is a retained slice of {@code in}, which the
     * caller releases (through the message) once it has passed it on.
     */
    public static ChannelData decode(ByteBuf in) {
        int number = Wire.readByte(in);
        if (number != MessageNumbers.CHANNEL_DATA && number != MessageNumbers.CHANNEL_EXTENDED_DATA) {
            throw SshProtocolException.protocolError("message " + number + " is not channel data");
        }
        int recipient = Wire.readUint32(in);
        boolean extended = number == MessageNumbers.CHANNEL_EXTENDED_DATA;
        int code = extended ? Wire.readUint32(in) : NOT_EXTENDED;
        int length = Wire.readLength(in, Wire.MAX_STRING_LENGTH);
        if (in.readableBytes() != length) {
            throw SshProtocolException.protocolError(in.readableBytes() - length + " unexpected bytes after channel data");
        }
        return new ChannelData(recipient, extended, code, in.readRetainedSlice(length));
    }

    public int recipientChannel() {
        return recipientChannel;
    }

    public int dataTypeCode() {
        return dataTypeCode;
    }

    /** Whether this is SSH_MSG_CHANNEL_EXTENDED_DATA. */
    public boolean isExtended() {
        return extended;
    }

    @Override
    public int messageNumber() {
        return extended ? MessageNumbers.CHANNEL_EXTENDED_DATA : MessageNumbers.CHANNEL_DATA;
    }

    @Override
    public void encode(ByteBuf out) {
        ByteBuf data = content();
        out.writeByte(messageNumber());
        out.writeInt(recipientChannel);
        if (extended) {
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
        return new ChannelData(recipientChannel, extended, dataTypeCode, content);
    }

    /** Equal when channel, kind, type code and bytes are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelData that && recipientChannel == that.recipientChannel && extended == that.extended
                && dataTypeCode == that.dataTypeCode && content().equals(that.content());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * recipientChannel + dataTypeCode) + (extended ? 1 : 0);
    }

    @Override
    public String toString() {
        return "ChannelData(channel=" + recipientChannel + ", type=" + dataTypeCode + ", " + content().readableBytes() + " bytes)";
    }
}
