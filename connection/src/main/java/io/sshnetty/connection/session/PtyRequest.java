package io.sshnetty.connection.session;


import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A "pty-req" (RFC 4254 §6.2): terminal type, size in characters and pixels, and the encoded terminal
 * modes of RFC 4254 §8 (opcode → value; an empty modes string gives an empty map).
 */
public record PtyRequest(String term, int columns, int rows, int widthPixels, int heightPixels, Map<Integer, Integer> modes) {
    public PtyRequest {
        modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    }
}
