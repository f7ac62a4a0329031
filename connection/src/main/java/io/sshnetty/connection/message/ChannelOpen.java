package io.sshnetty.connection.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Wire;

/**
 * The head of SSH_MSG_CHANNEL_OPEN, RFC 4254 §5.1; type-specific fields stay in the payload.
 */
public record ChannelOpen(String channelType, int senderChannel, int initialWindowSize, int maximumPacketSize) {
    public static ChannelOpen decodeHead(ByteBuf in) {
        Wire.readByte(in);
        return new ChannelOpen(Wire.readAscii(in), Wire.readUint32(in), Wire.readUint32(in), Wire.readUint32(in));
    }
}
