package io.sshnetty.auth.password;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;

/**
 * A password check that may block — a bcrypt or argon2 hash (50–500 ms by design), a database or directory
 * lookup. Never called on an event loop: wrap it with {@link PasswordAuthenticator#blocking} and it runs on
 * a bounded pool.
 */
@FunctionalInterface
public interface BlockingPasswordCheck {
    /**
     * Is {@code password} right for {@code user}? May block; a thrown exception (or null) refuses the attempt.
     */
    AuthDecision check(AuthenticationContext context, String user, String password);
}
