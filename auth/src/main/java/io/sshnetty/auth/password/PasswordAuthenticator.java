package io.sshnetty.auth.password;

import io.sshnetty.auth.AuthenticationContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides passwords (RFC 4252 §8). Both calls return a stage, so a check against a slow hash, a
 * database or a directory never blocks the event loop. A refused password is answered after the
 * server's failure delay whatever the reason, so an unknown user cannot be told from a wrong password.
 */
public interface PasswordAuthenticator {
    /** Is {@code password} right for {@code user}? */
    CompletionStage<PasswordResult> authenticate(AuthenticationContext context, String user, String password);

    /**
     * The client answers a {@link PasswordResult#changeRequired} with its old and a new password: accept
     * (and store) the new one, refuse, or ask again. By default password changes are refused.
     */
    default CompletionStage<PasswordResult> changePassword(AuthenticationContext context, String user, String oldPassword,
            String newPassword) {
        return CompletableFuture.completedFuture(PasswordResult.refused());
    }
}
