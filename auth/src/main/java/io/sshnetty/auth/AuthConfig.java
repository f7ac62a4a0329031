package io.sshnetty.auth;

import io.sshnetty.auth.publickey.PublicKeyAuthenticator;

import java.time.Duration;
import java.util.Objects;

/**
 * User authentication settings for one server.
 *
 * @param publicKeyAuthenticator decides public keys; {@code null} disables the publickey method
 * @param maxAttempts     failed attempts allowed per connection before it is disconnected (sshd's MaxAuthTries)
 * @param loginGraceTime  time from connect to authenticated before the connection is disconnected (sshd's LoginGraceTime)
 */
public record AuthConfig(PublicKeyAuthenticator publicKeyAuthenticator, int maxAttempts, Duration loginGraceTime) {
    /** sshd's MaxAuthTries default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** sshd's LoginGraceTime default. */
    public static final Duration DEFAULT_LOGIN_GRACE_TIME = Duration.ofSeconds(120);

    public AuthConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(loginGraceTime, "loginGraceTime");
    }

    public static AuthConfig publicKey(PublicKeyAuthenticator authenticator) {
        return new AuthConfig(authenticator, DEFAULT_MAX_ATTEMPTS, DEFAULT_LOGIN_GRACE_TIME);
    }
}
