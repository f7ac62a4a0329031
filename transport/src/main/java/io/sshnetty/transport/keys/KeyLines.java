package io.sshnetty.transport.keys;

import java.util.Base64;
import java.util.function.Predicate;

/**
 * The one parser of OpenSSH's key lines: the public key line of a {@code .pub} file (and of the key part of
 * {@code known_hosts} and {@code authorized_keys} lines), {@code type base64 [comment]}; and the
 * {@code authorized_keys} line, {@code [options] type base64 [comment]} (sshd(8), AUTHORIZED_KEYS FILE FORMAT).
 * Fields are separated by blanks: spaces and tabs, as sshd reads them.
 *
 * <p>The comment is the rest of the line after the blanks that follow the base64, without the line terminator
 * (any trailing CR and LF), and otherwise kept as written, blanks inside it and at its end included, as
 * {@code ssh-keygen} keeps it; empty when there is none. Every key type keeps its comment the same way.
 */
public final class KeyLines {
    private KeyLines() {
    }

    /** An {@code authorized_keys} line: its options field as written ({@code ""} when none), key and comment. */
    public record AuthorizedKeyLine(String options, SshPublicKey key, String comment) {
        public AuthorizedKeyLine {
            if (options == null || key == null || comment == null) {
                throw new NullPointerException("options, key and comment must not be null");
            }
        }
    }

    /**
     * Parses a public key line, {@code type base64 [comment]}, of a type in {@code types}. The type word must
     * name the blob's own type.
     *
     * @throws KeyFormatException when the line does not hold such a key
     */
    public static PublicKeys.PublicKeyLine parsePublicKeyLine(String line, KeyTypes types) {
        String rest = stripLineTerminator(line);
        return parseKey(rest, skipBlanks(rest, 0), types);
    }

    /**
     * Parses an {@code authorized_keys} line that is neither blank nor a {@code #} comment. As sshd decides it,
     * the line starts with options unless its first word is a key type name ({@code isKeyTypeName}: the types
     * this library decodes and those it knows but refuses, so that a refused key is not misread as options).
     * The options field ends at the first blank outside double quotes ({@code \"} inside quotes is no quote).
     *
     * @throws KeyFormatException when the line does not hold a key of a type in {@code types}
     */
    public static AuthorizedKeyLine parseAuthorizedKeysLine(String line, KeyTypes types,
            Predicate<String> isKeyTypeName) {
        String rest = stripLineTerminator(line);
        int start = skipBlanks(rest, 0);
        String firstWord = rest.substring(start, nextBlank(rest, start));
        String options = "";
        int keyStart = start;
        if (!types.isSupported(firstWord) && !isKeyTypeName.test(firstWord)) {
            int optionsEnd = endOfOptions(rest, start);
            options = rest.substring(start, optionsEnd);
            keyStart = skipBlanks(rest, optionsEnd);
            if (keyStart == rest.length()) {
                throw new KeyFormatException("no key after the options (or unknown key type "
                        + KeyTypes.printable(firstWord) + ")");
            }
        }
        PublicKeys.PublicKeyLine key = parseKey(rest, keyStart, types);
        return new AuthorizedKeyLine(options, key.key(), key.comment());
    }

    /** {@code type base64 [comment]} starting at {@code start} of {@code line}, which has no line terminator. */
    private static PublicKeys.PublicKeyLine parseKey(String line, int start, KeyTypes types) {
        int typeEnd = nextBlank(line, start);
        String typeWord = line.substring(start, typeEnd);
        if (typeWord.isEmpty()) {
            throw new KeyFormatException("empty line, no public key");
        }
        if (!types.isSupported(typeWord)) {
            throw new KeyFormatException("unsupported key type " + KeyTypes.printable(typeWord));
        }
        int dataStart = skipBlanks(line, typeEnd);
        int dataEnd = nextBlank(line, dataStart);
        if (dataStart == dataEnd) {
            throw new KeyFormatException(typeWord + " key line without key data");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(line.substring(dataStart, dataEnd));
        } catch (IllegalArgumentException badBase64) {
            throw new KeyFormatException(typeWord + " key data is not valid base64: " + badBase64.getMessage(), badBase64);
        }
        SshPublicKey key = types.decode(blob);
        if (!key.keyType().equals(typeWord)) {
            throw new KeyFormatException("line says " + typeWord + " but its key is " + key.keyType());
        }
        return new PublicKeys.PublicKeyLine(key, line.substring(skipBlanks(line, dataEnd)));
    }

    /** The end of the options field: the first blank outside double quotes, where {@code \"} is no quote. */
    private static int endOfOptions(String line, int start) {
        boolean quoted = false;
        int i = start;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && isBlank(c)) {
                break;
            }
        }
        if (quoted) {
            throw new KeyFormatException("options end inside a quoted value");
        }
        return i;
    }

    /** {@code line} without its trailing CR and LF characters. */
    private static String stripLineTerminator(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** The index of the first character at or after {@code from} that is not a blank (space or tab). */
    public static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int nextBlank(String s, int from) {
        int i = from;
        while (i < s.length() && !isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
