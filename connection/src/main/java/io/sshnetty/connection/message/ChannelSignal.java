package io.sshnetty.connection.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.SshMessage;

/**
 * The channel messages that carry only the recipient channel: SSH_MSG_CHANNEL_EOF, _CLOSE, _SUCCESS and
 * _FAILURE (RFC 4254 §5.3, §5.4).
 */
public record ChannelSignal(int messageNumber, int recipientChannel) implements SshMessage {
    @Override
    public void encode(ByteBuf out) {
        out.writeByte(messageNumber);
        out.writeInt(recipientChannel);
    }
}
