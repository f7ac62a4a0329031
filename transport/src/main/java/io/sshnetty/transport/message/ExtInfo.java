package io.sshnetty.transport.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;

import java.util.LinkedHashMap;
import java.util.Map;

/** SSH_MSG_EXT_INFO, RFC 8308 §2.3: extension names and their values, in order. */
public record ExtInfo(Map<String, String> extensions) implements SshMessage {
    /** More extensions than this in one message are refused. */
    public static final int MAX_EXTENSIONS = 64;

    public static ExtInfo decode(ByteBuf in) {
        Wire.readByte(in);
        int count = Wire.readUint32(in);
        if (count < 0 || count > MAX_EXTENSIONS) {
            throw io.sshnetty.transport.wire.SshProtocolException.protocolError("EXT_INFO with " + count + " extensions");
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            extensions.put(Wire.readAscii(in), Wire.readUtf8(in));
        }
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
