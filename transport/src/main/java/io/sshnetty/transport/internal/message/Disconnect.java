package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_DISCONNECT, RFC 4253 §11.1: {@code uint32 reason code, string description, string language tag}. */
public record Disconnect(int reasonCode, String description, String languageTag) implements TransportMessage {

    public Disconnect(DisconnectReason reason, String description) {
        this(reason.code(), description, "");
    }

    public static Disconnect decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.DISCONNECT, "SSH_MSG_DISCONNECT");
        Disconnect disconnect = new Disconnect(Wire.readUint32(in), Wire.readUtf8(in), Wire.readAscii(in));
        Wire.expectEnd(in, "SSH_MSG_DISCONNECT");
        return disconnect;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.DISCONNECT;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.DISCONNECT);
        out.writeInt(reasonCode);
        Wire.writeUtf8(out, description);
        Wire.writeAscii(out, languageTag);
    }
}
