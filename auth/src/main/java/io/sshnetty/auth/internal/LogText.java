package io.sshnetty.auth.internal;

/** Client-chosen text (user names, certificate key ids, error messages quoting them) made fit for a log line. */
public final class LogText {
    private LogText() {
    }

    /**
     * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators written as a backslash,
     * then x and two hex digits (u and four for the separators), as sshd's log escapes them, so the text cannot
     * forge a line of its own; a backslash is doubled. Text without such characters is returned as it is.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = c < 0x20 || (c >= 0x7f && c < 0xa0) ? String.format("\\x%02x", (int) c)
                    : c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c)
                    : c == '\\' ? "\\\\" : null;
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }
}
