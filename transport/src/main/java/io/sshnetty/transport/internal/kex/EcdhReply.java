package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * The server's reply of a key exchange: host key blob, server's ephemeral value, signature of H. It is
 * SSH_MSG_KEX_ECDH_REPLY (RFC 5656 §4, RFC 8731), the hybrid KEMs' SSH_MSG_KEX_HYBRID_REPLY, and also
 * SSH_MSG_KEXDH_REPLY (RFC 4253 §8) and SSH_MSG_KEX_DH_GEX_REPLY (RFC 4419 §3), whose mpint f is a string
 * field holding f's two's complement bytes.
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
