package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_KEX_DH_GEX_REQUEST_OLD (RFC 4419 §5): {@code uint32 n}, the preferred group size in bits. */
public record DhGexRequestOld(int n) implements KexMethodMessage {
    public static final int NUMBER = GroupExchangeKex.REQUEST_OLD;

    public static DhGexRequestOld decode(ByteBuf in) {
        Wire.readMessageNumber(in, NUMBER, "SSH_MSG_KEX_DH_GEX_REQUEST_OLD");
        DhGexRequestOld request = new DhGexRequestOld(Wire.readUint32(in));
        Wire.expectEnd(in, "SSH_MSG_KEX_DH_GEX_REQUEST_OLD");
        return request;
    }

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        out.writeInt(n);
    }
}
