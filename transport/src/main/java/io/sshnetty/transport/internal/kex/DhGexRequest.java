package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * SSH_MSG_KEX_DH_GEX_REQUEST (RFC 4419 §3): {@code uint32 min, uint32 n, uint32 max}, the group sizes in bits
 * the client accepts and prefers. Values are kept as sent (unsigned in an int); {@link GroupExchangeKex} judges them.
 */
public record DhGexRequest(int min, int n, int max) implements KexMethodMessage {
    public static final int NUMBER = GroupExchangeKex.REQUEST;

    public static DhGexRequest decode(ByteBuf in) {
        Wire.readMessageNumber(in, NUMBER, "SSH_MSG_KEX_DH_GEX_REQUEST");
        DhGexRequest request = new DhGexRequest(Wire.readUint32(in), Wire.readUint32(in), Wire.readUint32(in));
        Wire.expectEnd(in, "SSH_MSG_KEX_DH_GEX_REQUEST");
        return request;
    }

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        out.writeInt(min);
        out.writeInt(n);
        out.writeInt(max);
    }
}
