package io.sshnetty.auth.password;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Decides passwords (RFC 4252 §8). Both calls return a stage of an {@link AuthDecision}, so a check against a
 * slow hash, a database or a directory never blocks the event loop: {@link AuthDecision#accept()} (or
 * {@code accept(attachment)}), {@link AuthDecision#reject()}, {@link AuthDecision#invalidUser()},
 * {@link AuthDecision#changePassword(String)} for an expired password, or {@link AuthDecision#partial} when this
 * user must pass another method too. A refused password is answered after the server's failure delay whatever
 * the reason, so an unknown user cannot be told from a wrong password.
 *
 * <p>A check that blocks (a bcrypt or argon2 hash, a JDBC query) must not run on the event loop: write it
 * as a {@link BlockingPasswordCheck} and wrap it with {@link #blocking(BlockingPasswordCheck)}.
 */
public interface PasswordAuthenticator {
    /** Is {@code password} right for {@code user}? */
    CompletionStage<AuthDecision> authenticate(AuthenticationContext context, String user, String password);

    /**
     * The client answers a {@link AuthDecision#changePassword} with its old and a new password: accept (and
     * store) the new one, refuse, or ask again. By default password changes are refused.
     */
    default CompletionStage<AuthDecision> changePassword(AuthenticationContext context, String user, String oldPassword,
            String newPassword) {
        return CompletableFuture.completedFuture(AuthDecision.reject());
    }

    /**
     * Runs {@code check} on a bounded pool shared by every server in the process, never on the event loop;
     * when that pool's queue is full the attempt is refused at once, like a wrong password. Password changes
     * are refused. For keyboard-interactive, pass the result to
     * {@link io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator#password}.
     */
    static PasswordAuthenticator blocking(BlockingPasswordCheck check) {
        return blocking(check, BlockingPasswordAuthenticator.sharedExecutor());
    }

    /**
     * Runs {@code check} on {@code executor} (e.g. the application's own bounded pool); an executor that
     * rejects the task refuses the attempt.
     */
    static PasswordAuthenticator blocking(BlockingPasswordCheck check, Executor executor) {
        return new BlockingPasswordAuthenticator(Objects.requireNonNull(check, "check"),
                Objects.requireNonNull(executor, "executor"));
    }
}
