package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.function.Consumer;

/** SSH_MSG_CHANNEL_OPEN as the server sends it (RFC 4254 §5.1), with its type-specific fields. */
public record ChannelOpenRequest(String channelType, int senderChannel, int initialWindowSize, int maximumPacketSize,
        Consumer<ByteBuf> fields) implements SshMessage {
    @Override
    public int messageNumber() {
        return MessageNumbers.CHANNEL_OPEN;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.CHANNEL_OPEN);
        Wire.writeAscii(out, channelType);
        out.writeInt(senderChannel);
        out.writeInt(initialWindowSize);
        out.writeInt(maximumPacketSize);
        fields.accept(out);
    }
}
