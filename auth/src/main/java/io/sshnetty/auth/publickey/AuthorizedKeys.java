package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.PublicKeys;
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
     * The key type names OpenSSH knows. A line whose first word is one of these has no options field,
     * as sshd decides it; a key of a type in this set that {@link PublicKeys} does not support is
     * skipped as such rather than misread as options.
     */
    private static final Set<String> OPENSSH_KEY_TYPES = Set.of(
            "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com",
            "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ssh-rsa", "ssh-rsa-cert-v01@openssh.com",
            "ssh-dss", "ssh-dss-cert-v01@openssh.com",
            "ssh-xmss@openssh.com", "ssh-xmss-cert-v01@openssh.com");

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
            int start = skipBlanks(line, 0);
            if (start == line.length() || line.charAt(start) == '#') {
                continue;
            }
            try {
                keys.add(parseLine(line, start, index + 1));
            } catch (IllegalArgumentException skipped) {
                LOG.debug("{} line {}: skipped, {}", sourceName, index + 1, skipped.getMessage());
            }
        }
        return keys;
    }

    /** One non-blank, non-comment line; throws IllegalArgumentException (KeyFormatException among them) to skip it. */
    private static AuthorizedKey parseLine(String line, int start, int lineNumber) {
        List<KeyOption> options = List.of();
        int keyStart = start;
        String firstWord = line.substring(start, nextBlank(line, start));
        if (!UserKeys.isSupported(firstWord) && !OPENSSH_KEY_TYPES.contains(firstWord)) {
            int optionsEnd = endOfOptions(line, start);
            options = parseOptions(line.substring(start, optionsEnd));
            keyStart = skipBlanks(line, optionsEnd);
            if (keyStart == line.length()) {
                throw new IllegalArgumentException("no key after the options (or unknown key type " + firstWord + ")");
            }
        }
        String keyType = line.substring(keyStart, nextBlank(line, keyStart));
        if (!UserKeys.isSupported(keyType)) {
            throw new IllegalArgumentException("unsupported key type " + keyType);
        }
        PublicKeys.PublicKeyLine key = UserKeys.parseLine(line.substring(keyStart));
        return new AuthorizedKey(options, key.key(), key.comment(), lineNumber);
    }

    /**
     * The end of the options field: the first space or tab outside double quotes, where {@code \"} does
     * not count as a quote.
     */
    private static int endOfOptions(String line, int start) {
        boolean quoted = false;
        int i = start;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                break;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("options end inside a quoted value");
        }
        return i;
    }

    /** {@code name} or {@code name="value"}, separated by commas; inside a value {@code \"} is a quote. */
    private static List<KeyOption> parseOptions(String field) {
        List<KeyOption> options = new ArrayList<>();
        int i = 0;
        while (true) {
            int nameStart = i;
            while (i < field.length() && field.charAt(i) != '=' && field.charAt(i) != ',') {
                if (field.charAt(i) == '"' || field.charAt(i) == '\\') {
                    throw new IllegalArgumentException("bad character in option name " + field.substring(nameStart, i + 1));
                }
                i++;
            }
            String name = field.substring(nameStart, i);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty option name at column " + (i + 1) + " of the options");
            }
            String value = null;
            if (i < field.length() && field.charAt(i) == '=') {
                i++;
                if (i == field.length() || field.charAt(i) != '"') {
                    throw new IllegalArgumentException("value of option " + name + " is not in double quotes");
                }
                i++;
                StringBuilder unquoted = new StringBuilder();
                while (true) {
                    if (i == field.length()) {
                        throw new IllegalArgumentException("value of option " + name + " has no closing quote");
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
                throw new IllegalArgumentException("expected a comma after option " + name);
            }
            i++;
        }
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
}
