package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A "pty-req" (RFC 4254 §6.2): terminal type, size in characters and pixels, and the encoded terminal
 * modes of RFC 4254 §8 (opcode → value; an empty modes string gives an empty map).
 */
public record PtyRequest(String term, int columns, int rows, int widthPixels, int heightPixels, Map<Integer, Integer> modes) {
    /** RFC 4254 §8: TTY_OP_END ends the list; opcodes 160 and above carry no defined argument. */
    private static final int TTY_OP_END = 0;
    private static final int LAST_DEFINED_OPCODE = 159;

    public PtyRequest {
        modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    }

    /** Reads the request-specific fields of "pty-req". */
    public static PtyRequest decode(ByteBuf in) {
        String term = Wire.readAscii(in);
        int columns = Wire.readUint32(in);
        int rows = Wire.readUint32(in);
        int width = Wire.readUint32(in);
        int height = Wire.readUint32(in);
        ByteBuf encoded = Wire.readSlice(in);
        Map<Integer, Integer> modes = new LinkedHashMap<>();
        while (encoded.isReadable()) {
            int opcode = encoded.readUnsignedByte();
            if (opcode == TTY_OP_END) {
                break;
            }
            if (opcode > LAST_DEFINED_OPCODE) {
                break; // RFC 4254 §8: stop parsing at an opcode with no defined argument
            }
            if (encoded.readableBytes() < 4) {
                throw SshProtocolException.protocolError("terminal modes end inside an argument");
            }
            modes.put(opcode, encoded.readInt());
        }
        return new PtyRequest(term, columns, rows, width, height, modes);
    }
}
