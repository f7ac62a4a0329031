package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/** SSH_MSG_DEBUG, RFC 4253 §11.3: {@code boolean always_display, string message, string language tag}. */
public record Debug(boolean alwaysDisplay, String message, String languageTag) implements TransportMessage {

    public static Debug decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.DEBUG, "SSH_MSG_DEBUG");
        Debug debug = new Debug(Wire.readBoolean(in), Wire.readUtf8(in), Wire.readAscii(in));
        Wire.expectEnd(in, "SSH_MSG_DEBUG");
        return debug;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.DEBUG;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.DEBUG);
        Wire.writeBoolean(out, alwaysDisplay);
        Wire.writeUtf8(out, message);
        Wire.writeAscii(out, languageTag);
    }
}
