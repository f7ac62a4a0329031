package io.sshnetty.bench;

/** Quoting for bash command lines. */
public final class Shell {
    private Shell() {
    }

    /** {@code text} as one bash word. */
    public static String quote(String text) {
        if (!text.isEmpty() && text.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
