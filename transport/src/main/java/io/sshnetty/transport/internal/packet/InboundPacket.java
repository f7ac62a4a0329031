package io.sshnetty.transport.internal.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One received packet's payload (message number first) and the sequence number it arrived with, which
 * SSH_MSG_UNIMPLEMENTED must quote. The payload is a retained slice of the receive buffer: the handler
 * that consumes the packet releases it.
 */
public final class InboundPacket extends DefaultByteBufHolder {
    private final int sequenceNumber;

    public InboundPacket(int sequenceNumber, ByteBuf payload) {
        super(payload);
        this.sequenceNumber = sequenceNumber;
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** The message number, the payload's first byte, without consuming it. */
    public int messageNumber() {
        ByteBuf payload = content();
        return payload.getUnsignedByte(payload.readerIndex());
    }

    @Override
    public InboundPacket replace(ByteBuf content) {
        return new InboundPacket(sequenceNumber, content);
    }

    @Override
    public String toString() {
        return "InboundPacket(seq=" + Integer.toUnsignedString(sequenceNumber) + ", message=" + messageNumber()
                + ", " + content().readableBytes() + " bytes)";
    }
}
