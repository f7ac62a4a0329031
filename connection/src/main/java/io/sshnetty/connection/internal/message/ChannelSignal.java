package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * The channel messages that carry only the recipient channel: SSH_MSG_CHANNEL_EOF, _CLOSE, _SUCCESS and
 * _FAILURE (RFC 4254 §5.3, §5.4).
 */
public record ChannelSignal(int messageNumber, int recipientChannel) implements ConnectionMessage {
    public static ChannelSignal decode(ByteBuf in) {
        int number = Wire.readByte(in);
        if (number != MessageNumbers.CHANNEL_EOF && number != MessageNumbers.CHANNEL_CLOSE
                && number != MessageNumbers.CHANNEL_SUCCESS && number != MessageNumbers.CHANNEL_FAILURE) {
            throw SshProtocolException.protocolError("message " + number + " is not EOF, CLOSE, SUCCESS or FAILURE");
        }
        ChannelSignal message = new ChannelSignal(number, Wire.readUint32(in));
        Wire.expectEnd(in, "channel message " + number);
        return message;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(messageNumber);
        out.writeInt(recipientChannel);
    }
}
