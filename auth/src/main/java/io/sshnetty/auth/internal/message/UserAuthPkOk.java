package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_USERAUTH_PK_OK, RFC 4252 §7: the offered key would be accepted; prove it. */
public record UserAuthPkOk(String algorithm, byte[] publicKeyBlob) implements SshMessage {
    @Override
    public int messageNumber() {
        return MessageNumbers.USERAUTH_PK_OK;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.USERAUTH_PK_OK);
        Wire.writeAscii(out, algorithm);
        Wire.writeBytes(out, publicKeyBlob);
    }

    @Override
    public int estimatedSize() {
        return 64 + publicKeyBlob.length;
    }
}
