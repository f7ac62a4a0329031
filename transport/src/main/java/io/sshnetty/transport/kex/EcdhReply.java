package io.sshnetty.transport.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;

/**
 * The reply of the one-round methods (RFC 5656 §4 SSH_MSG_KEX_ECDH_REPLY, RFC 8731, and the hybrid
 * KEMs' SSH_MSG_KEX_HYBRID_REPLY): host key blob, server's ephemeral value, signature of H.
 */
public record EcdhReply(int messageNumber, byte[] hostKeyBlob, byte[] serverValue, byte[] signature)
        implements SshMessage {
    @Override
    public void encode(ByteBuf out) {
        out.writeByte(messageNumber);
        Wire.writeBytes(out, hostKeyBlob);
        Wire.writeBytes(out, serverValue);
        Wire.writeBytes(out, signature);
    }

    @Override
    public int estimatedSize() {
        return 16 + hostKeyBlob.length + serverValue.length + signature.length;
    }
}
