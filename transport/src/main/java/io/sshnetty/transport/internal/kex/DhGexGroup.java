package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

import java.math.BigInteger;

/** SSH_MSG_KEX_DH_GEX_GROUP (RFC 4419 §3): {@code mpint p, mpint g}. */
public record DhGexGroup(BigInteger prime, BigInteger generator) implements SshMessage {
    /** The message number. */
    public static final int NUMBER = 31;

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        Wire.writeMpint(out, prime);
        Wire.writeMpint(out, generator);
    }

    @Override
    public int estimatedSize() {
        return 16 + prime.bitLength() / 8 + 8;
    }
}
