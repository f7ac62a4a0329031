package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_USERAUTH_BANNER, RFC 4252 §5.4: text the client shows before authentication. */
public record UserAuthBanner(String message) implements SshMessage {
    @Override
    public int messageNumber() {
        return MessageNumbers.USERAUTH_BANNER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.USERAUTH_BANNER);
        Wire.writeUtf8(out, message);
        Wire.writeAscii(out, "");
    }

    @Override
    public int estimatedSize() {
        return 16 + message.length() * 3;
    }
}
