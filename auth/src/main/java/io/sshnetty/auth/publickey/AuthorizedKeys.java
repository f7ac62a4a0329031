package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.KeyLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads OpenSSH {@code authorized_keys} files as sshd does (sshd(8), AUTHORIZED_KEYS FILE FORMAT): one
 * key per line, {@code [options] keytype base64 [comment]}; blank lines and lines starting with
 * {@code #} are ignored. A line that does not parse, or holds a key of a type this library does not
 * support, is skipped with a debug log naming the file and line, and the rest of the file still loads.
 * Options are parsed, not enforced.
 */
public final class AuthorizedKeys {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizedKeys.class);

    /**
     * Key type names OpenSSH knows that this library refuses. A line whose first word is a key type name has no
     * options field, as sshd decides it: the names of {@link UserKeys#table()} (plain keys and certificates),
     * and these, so that a key of a refused type is skipped as such rather than misread as options.
     */
    private static final Set<String> REFUSED_OPENSSH_KEY_TYPES = Set.of(
            "ssh-dss", "ssh-dss-cert-v01@openssh.com", "ssh-xmss@openssh.com", "ssh-xmss-cert-v01@openssh.com");

    private AuthorizedKeys() {
    }

    /**
     * Reads {@code file}. Bytes that are not UTF-8 are replaced, never fatal: they can only be in
     * comments or option values.
     */
    public static List<AuthorizedKey> read(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses the text of an {@code authorized_keys} file; lines end in LF or CRLF.
     *
     * @param sourceName names the text in log messages, e.g. its file's path
     */
    public static List<AuthorizedKey> parse(String text, String sourceName) {
        List<AuthorizedKey> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            int start = KeyLines.skipBlanks(line, 0);
            if (start == line.length() || line.charAt(start) == '#') {
                continue;
            }
            try {
                keys.add(parseLine(line, index + 1));
            } catch (KeyFormatException skipped) {
                LOG.debug("{} line {}: skipped, {}", sourceName, index + 1, skipped.getMessage());
            }
        }
        return keys;
    }

    /**
     * Parses one {@code authorized_keys} line that is neither blank nor a comment: {@code [options] keytype
     * base64 [comment]} ({@link KeyLines} reads the fields and keeps the comment), with a plain key type of
     * {@link UserKeys}.
     *
     * @param lineNumber the line's number in its file, from 1
     * @throws KeyFormatException when the line does not hold such a key, or its options do not parse
     */
    public static AuthorizedKey parseLine(String line, int lineNumber) {
        KeyLines.AuthorizedKeyLine parsed = KeyLines.parseAuthorizedKeysLine(line, UserKeys.plainTable(),
                AuthorizedKeys::isKeyTypeName);
        List<KeyOption> options = parsed.options().isEmpty() ? List.of() : parseOptions(parsed.options());
        return new AuthorizedKey(options, parsed.key(), parsed.comment(), lineNumber);
    }

    private static boolean isKeyTypeName(String word) {
        return UserKeys.isSupportedBlobType(word) || REFUSED_OPENSSH_KEY_TYPES.contains(word);
    }

    /** {@code name} or {@code name="value"}, separated by commas; inside a value {@code \"} is a quote. */
    private static List<KeyOption> parseOptions(String field) {
        List<KeyOption> options = new ArrayList<>();
        int i = 0;
        while (true) {
            int nameStart = i;
            while (i < field.length() && field.charAt(i) != '=' && field.charAt(i) != ',') {
                if (field.charAt(i) == '"' || field.charAt(i) == '\\') {
                    throw new KeyFormatException("bad character in option name " + field.substring(nameStart, i + 1));
                }
                i++;
            }
            String name = field.substring(nameStart, i);
            if (name.isEmpty()) {
                throw new KeyFormatException("empty option name at column " + (i + 1) + " of the options");
            }
            String value = null;
            if (i < field.length() && field.charAt(i) == '=') {
                i++;
                if (i == field.length() || field.charAt(i) != '"') {
                    throw new KeyFormatException("value of option " + name + " is not in double quotes");
                }
                i++;
                StringBuilder unquoted = new StringBuilder();
                while (true) {
                    if (i == field.length()) {
                        throw new KeyFormatException("value of option " + name + " has no closing quote");
                    }
                    char c = field.charAt(i);
                    if (c == '\\' && i + 1 < field.length() && field.charAt(i + 1) == '"') {
                        unquoted.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        unquoted.append(c);
                        i++;
                    }
                }
                value = unquoted.toString();
            }
            options.add(new KeyOption(name, value));
            if (i == field.length()) {
                return options;
            }
            if (field.charAt(i) != ',') {
                throw new KeyFormatException("expected a comma after option " + name);
            }
            i++;
        }
    }
}
