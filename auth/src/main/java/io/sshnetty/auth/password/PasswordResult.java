package io.sshnetty.auth.password;

import java.util.Objects;

/**
 * A {@link PasswordAuthenticator}'s answer.
 *
 * @param outcome what the password came to
 * @param prompt  for {@link Outcome#CHANGE_REQUIRED}: the text the client shows when it asks for a new
 *                password (RFC 4252 §8, SSH_MSG_USERAUTH_PASSWD_CHANGEREQ); otherwise empty
 */
public record PasswordResult(Outcome outcome, String prompt) {
    /** How a password attempt ended. */
    public enum Outcome {
        /** The password is right. */
        ACCEPTED,
        /** The password is wrong. */
        REFUSED,
        /** There is no such user; the client gets exactly the answer of {@link #REFUSED}, only the log differs. */
        INVALID_USER,
        /** The password is right but expired, or the new one is not acceptable: ask for a (another) new one. */
        CHANGE_REQUIRED
    }

    private static final PasswordResult ACCEPTED = new PasswordResult(Outcome.ACCEPTED, "");
    private static final PasswordResult REFUSED = new PasswordResult(Outcome.REFUSED, "");
    private static final PasswordResult INVALID_USER = new PasswordResult(Outcome.INVALID_USER, "");

    public PasswordResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(prompt, "prompt");
    }

    public static PasswordResult accepted() {
        return ACCEPTED;
    }

    public static PasswordResult refused() {
        return REFUSED;
    }

    public static PasswordResult invalidUser() {
        return INVALID_USER;
    }

    /** The client must choose a new password; {@code prompt} tells the user why, e.g. "Password expired". */
    public static PasswordResult changeRequired(String prompt) {
        return new PasswordResult(Outcome.CHANGE_REQUIRED, prompt);
    }
}
