package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

import java.nio.charset.StandardCharsets;

/**
 * The field readers the authentication messages share, on top of {@link Wire}: each returns a value that
 * encodes back to the same bytes, so a decoded message re-encodes to what was received.
 */
final class AuthFields {
    private AuthFields() {
    }

    /**
     * A name (method, service, algorithm): RFC 4251 §6 makes these printable US-ASCII. Anything else is refused
     * before it can reach a log line or a table lookup.
     */
    static String readName(ByteBuf in, String what) {
        int length = Wire.readLength(in, Wire.MAX_STRING_LENGTH);
        int start = in.readerIndex();
        for (int i = 0; i < length; i++) {
            byte b = in.getByte(start + i);
            if (b < 0x21 || b > 0x7e) {
                throw SshProtocolException.protocolError(what + " is not printable US-ASCII");
            }
        }
        String name = in.toString(start, length, StandardCharsets.US_ASCII);
        in.skipBytes(length);
        return name;
    }

    /**
     * A UTF-8 text of at most {@code limit} bytes. Malformed sequences become U+FFFD (as {@link Wire#readUtf8}
     * does); the limit holds for the text as it would be sent back, so what is read can be written again.
     */
    static String readText(ByteBuf in, int limit, String what) {
        String text = Wire.readUtf8(in, limit);
        if (ByteBufUtil.utf8Bytes(text) > limit) {
            throw SshProtocolException.protocolError(what + " longer than " + limit + " bytes");
        }
        return text;
    }
}
