package io.sshnetty.auth.keyboard;

import java.util.Objects;

/**
 * One prompt of a keyboard-interactive round (RFC 4256 §3.2).
 *
 * @param text what the client shows, e.g. {@code "Password: "}
 * @param echo whether the client may show what the user types (false for secrets)
 */
public record Prompt(String text, boolean echo) {
    public Prompt {
        Objects.requireNonNull(text, "text");
    }

    /** A prompt whose answer is not shown as it is typed. */
    public static Prompt secret(String text) {
        return new Prompt(text, false);
    }

    /** A prompt whose answer is shown as it is typed. */
    public static Prompt visible(String text) {
        return new Prompt(text, true);
    }
}
