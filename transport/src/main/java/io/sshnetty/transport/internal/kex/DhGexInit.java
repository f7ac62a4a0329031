package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * SSH_MSG_KEX_DH_GEX_INIT (RFC 4419 §3): {@code mpint e}, kept as the bytes of the string that holds it;
 * {@link DiffieHellmanAgreement} checks the value.
 */
public record DhGexInit(byte[] e) implements KexMethodMessage {
    public static final int NUMBER = GroupExchangeKex.INIT;
    /** An mpint of the largest modulus offered, with its sign byte. */
    public static final int MAX_LENGTH = GroupExchangeKex.MAX_BITS / 8 + 1;

    public static DhGexInit decode(ByteBuf in) {
        Wire.readMessageNumber(in, NUMBER, "SSH_MSG_KEX_DH_GEX_INIT");
        DhGexInit init = new DhGexInit(Wire.readBytes(in, MAX_LENGTH));
        Wire.expectEnd(in, "SSH_MSG_KEX_DH_GEX_INIT");
        return init;
    }

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        Wire.writeBytes(out, e);
    }

    @Override
    public int estimatedSize() {
        return 5 + e.length;
    }
}
