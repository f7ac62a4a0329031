package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of supported key types, and the codecs of public keys: the blob of RFC 4253 §6.6 and
 * OpenSSH's one-line form ({@code type base64 [comment]}) of {@code .pub} files. Adding a key type is one
 * class with its {@link KeyType} and one entry in {@link #TYPES}.
 */
public final class PublicKeys {
    /** The one table of key types, in order of preference. */
    private static final Map<String, KeyType> TYPES = table(Ed25519PublicKey.TYPE, EcdsaPublicKey.NISTP256,
            EcdsaPublicKey.NISTP384, EcdsaPublicKey.NISTP521, RsaPublicKey.TYPE);

    /** Key type names are far shorter; an error message quotes at most this much of an unknown one. */
    private static final int MAX_PRINTED_NAME_LENGTH = 64;

    private PublicKeys() {
    }

    /** A public key and its comment, as one line of a {@code .pub} file holds them. */
    public record PublicKeyLine(SshPublicKey key, String comment) {
        public PublicKeyLine {
            if (key == null || comment == null) {
                throw new NullPointerException("key and comment must not be null");
            }
        }
    }

    private static Map<String, KeyType> table(KeyType... types) {
        Map<String, KeyType> map = new LinkedHashMap<>();
        for (KeyType type : types) {
            map.put(type.name(), type);
        }
        return Collections.unmodifiableMap(map);
    }

    /** True when keys of type {@code keyType} (e.g. {@code ssh-ed25519}) can be decoded. */
    public static boolean isSupported(String keyType) {
        return TYPES.containsKey(keyType);
    }

    /** The names of the supported key types. */
    public static Set<String> supportedKeyTypes() {
        return TYPES.keySet();
    }

    /**
     * Every signature algorithm that the supported key types verify, in table order: what a server
     * announces as server-sig-algs (RFC 8308 §3.1).
     */
    public static List<String> signatureAlgorithms() {
        List<String> names = new ArrayList<>();
        for (KeyType type : TYPES.values()) {
            names.addAll(type.signatureAlgorithms());
        }
        return names;
    }

    /** The table entry of {@code key}'s type. */
    static KeyType typeOf(SshPublicKey key) {
        KeyType type = TYPES.get(key.keyType());
        if (type == null) {
            throw new KeyFormatException("unsupported key type " + key.keyType());
        }
        return type;
    }

    /** The table entry of {@code keyType}, or null. */
    static KeyType type(String keyType) {
        return TYPES.get(keyType);
    }

    /**
     * Decodes a public key blob (RFC 4253 §6.6): {@code string key-type} and the type's fields.
     *
     * @throws KeyFormatException for an unknown type, a field of the wrong length or trailing bytes
     */
    public static SshPublicKey decode(byte[] blob) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            return decode(in);
        } finally {
            in.release();
        }
    }

    /** Decodes a public key blob that fills all of {@code in}'s readable bytes; see {@link #decode(byte[])}. */
    static SshPublicKey decode(ByteBuf in) {
        try {
            String keyType = Wire.readAscii(in);
            KeyType type = TYPES.get(keyType);
            if (type == null) {
                throw new KeyFormatException("unsupported key type " + printable(keyType));
            }
            SshPublicKey key = type.publicDecoder().decode(in);
            if (in.isReadable()) {
                throw new KeyFormatException(in.readableBytes() + " unexpected bytes after " + keyType + " public key");
            }
            return key;
        } catch (SshProtocolException malformed) {
            throw new KeyFormatException("malformed public key blob: " + malformed.getMessage(), malformed);
        }
    }

    /**
     * Parses OpenSSH's one-line form of a public key: {@code type base64 [comment]}, fields separated by
     * spaces or tabs, as in a {@code .pub} file. The type word must name the blob's own type. The
     * comment is the rest of the line after the blanks that follow the key, without a line terminator;
     * empty when there is none.
     *
     * @throws KeyFormatException when the line does not hold a supported key
     */
    public static PublicKeyLine parseLine(String line) {
        String rest = stripLineTerminator(line);
        int start = skipBlanks(rest, 0);
        int typeEnd = nextBlank(rest, start);
        String typeWord = rest.substring(start, typeEnd);
        if (typeWord.isEmpty()) {
            throw new KeyFormatException("empty line, no public key");
        }
        if (!isSupported(typeWord)) {
            throw new KeyFormatException("unsupported key type " + printable(typeWord));
        }
        int dataStart = skipBlanks(rest, typeEnd);
        int dataEnd = nextBlank(rest, dataStart);
        if (dataStart == dataEnd) {
            throw new KeyFormatException(typeWord + " key line without key data");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(rest.substring(dataStart, dataEnd));
        } catch (IllegalArgumentException badBase64) {
            throw new KeyFormatException(typeWord + " key data is not valid base64: " + badBase64.getMessage(), badBase64);
        }
        SshPublicKey key = decode(blob);
        if (!key.keyType().equals(typeWord)) {
            throw new KeyFormatException("line says " + typeWord + " but its key is " + key.keyType());
        }
        String comment = rest.substring(skipBlanks(rest, dataEnd));
        return new PublicKeyLine(key, comment);
    }

    /**
     * OpenSSH's one-line form of {@code key}: {@code type base64 comment}, or {@code type base64} when the
     * comment is empty. No line terminator.
     *
     * @throws IllegalArgumentException when the comment holds a line break
     */
    public static String format(SshPublicKey key, String comment) {
        if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a key comment cannot hold a line break");
        }
        String line = key.keyType() + " " + Base64.getEncoder().encodeToString(key.encoded());
        return comment.isEmpty() ? line : line + " " + comment;
    }

    private static String stripLineTerminator(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int nextBlank(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
        }
        return i;
    }

    /** A peer-supplied name fit for an error message: bounded, control characters escaped. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && i < MAX_PRINTED_NAME_LENGTH; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (name.length() > MAX_PRINTED_NAME_LENGTH) {
            out.append("...");
        }
        return "\"" + out + "\"";
    }
}
