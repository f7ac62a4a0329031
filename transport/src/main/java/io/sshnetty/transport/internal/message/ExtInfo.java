package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SSH_MSG_EXT_INFO, RFC 8308 §2.3: {@code uint32 count}, then each extension's name and value, in order. We
 * send it; a client may send one too (RFC 8308 §2.1, ext-info-s), which is decoded and otherwise ignored.
 */
public record ExtInfo(Map<String, String> extensions) implements TransportMessage {
    /** More extensions than this in one message are refused. */
    public static final int MAX_EXTENSIONS = 64;

    public static ExtInfo decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.EXT_INFO, "SSH_MSG_EXT_INFO");
        int count = Wire.readUint32(in);
        if (count < 0 || count > MAX_EXTENSIONS) {
            throw SshProtocolException.protocolError("EXT_INFO with " + Integer.toUnsignedString(count) + " extensions");
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = Wire.readName(in);
            if (extensions.put(name, Wire.readUtf8(in)) != null) {
                throw SshProtocolException.protocolError("EXT_INFO names extension " + name + " twice");
            }
        }
        Wire.expectEnd(in, "SSH_MSG_EXT_INFO");
        return new ExtInfo(extensions);
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.EXT_INFO;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.EXT_INFO);
        out.writeInt(extensions.size());
        extensions.forEach((name, value) -> {
            Wire.writeAscii(out, name);
            Wire.writeUtf8(out, value);
        });
    }
}
