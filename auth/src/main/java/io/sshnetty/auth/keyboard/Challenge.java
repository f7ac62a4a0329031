package io.sshnetty.auth.keyboard;

import io.sshnetty.auth.password.PasswordResult;

import java.util.List;
import java.util.Objects;

/**
 * One step of a keyboard-interactive conversation: another round of prompts, or the end.
 *
 * @param outcome   {@code null} while the conversation goes on; else how it ended
 * @param name      the round's name (may be empty), shown by the client as a title
 * @param instruction the round's instruction (may be empty)
 * @param prompts   the round's prompts; may be empty (RFC 4256 §3.4: the client still answers)
 */
public record Challenge(PasswordResult.Outcome outcome, String name, String instruction, List<Prompt> prompts) {
    public Challenge {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instruction, "instruction");
        prompts = List.copyOf(prompts);
        if (outcome == PasswordResult.Outcome.CHANGE_REQUIRED) {
            throw new IllegalArgumentException("keyboard-interactive asks for a new password with a prompt, not an outcome");
        }
    }

    /** Another round: show {@code prompts} and send back the answers. */
    public static Challenge ask(String name, String instruction, List<Prompt> prompts) {
        return new Challenge(null, name, instruction, prompts);
    }

    /** The user is authenticated. */
    public static Challenge accepted() {
        return new Challenge(PasswordResult.Outcome.ACCEPTED, "", "", List.of());
    }

    /** The answers were wrong. */
    public static Challenge refused() {
        return new Challenge(PasswordResult.Outcome.REFUSED, "", "", List.of());
    }

    /** There is no such user: answered like {@link #refused()}, logged as an invalid user. */
    public static Challenge invalidUser() {
        return new Challenge(PasswordResult.Outcome.INVALID_USER, "", "", List.of());
    }

    /** True when the conversation is over. */
    public boolean isFinal() {
        return outcome != null;
    }
}
