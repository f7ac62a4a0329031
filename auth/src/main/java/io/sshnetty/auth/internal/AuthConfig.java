package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthenticationPolicy;
import io.sshnetty.auth.FailureDelay;
import io.sshnetty.auth.UserAccess;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.password.PasswordAuthenticator;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * User authentication settings for one server. A method is enabled by giving its authenticator.
 *
 * @param publicKeyAuthenticator decides public keys; {@code null} disables the publickey method
 * @param passwordAuthenticator  decides passwords; {@code null} disables the password method
 * @param keyboardInteractiveAuthenticator holds keyboard-interactive conversations; {@code null} disables it
 * @param allowNone       the "none" method authenticates anyone (RFC 4252 §5.2); off unless asked for
 * @param policy          the chains of methods that authenticate (sshd's AuthenticationMethods); {@code null}
 *                        for any one enabled method
 * @param banner          text sent as SSH_MSG_USERAUTH_BANNER before the first answer; {@code null} for none
 * @param maxAttempts     failed attempts allowed per connection before it is disconnected (sshd's MaxAuthTries)
 * @param loginGraceTime  time from connect to authenticated before the connection is disconnected (sshd's LoginGraceTime)
 * @param failureDelay    every failed request (of any method but "none") is answered no sooner than this
 *                        user's delay after it arrived, whether or not the user exists
 * @param maxPublicKeyQueries publickey queries (keys offered without a signature) that do not count as
 *                        failed attempts, accepted or not; later ones count (OpenSSH 10.6's PubkeyAuthOptions
 *                        max-pk-ok)
 * @param maxAuthRequests authentication requests of any kind (and keyboard-interactive responses) allowed per
 *                        connection before it is disconnected, whatever they came to
 * @param userAccess      which users may log in (sshd's AllowUsers and DenyUsers)
 * @param signatureExecutor where user signatures are verified, off the event loop; by default
 *                        {@link SignatureVerification#sharedExecutor()}
 */
public record AuthConfig(PublicKeyAuthenticator publicKeyAuthenticator, PasswordAuthenticator passwordAuthenticator,
        KeyboardInteractiveAuthenticator keyboardInteractiveAuthenticator, boolean allowNone, AuthenticationPolicy policy,
        String banner, int maxAttempts, Duration loginGraceTime, FailureDelay failureDelay, int maxPublicKeyQueries,
        int maxAuthRequests, UserAccess userAccess, Executor signatureExecutor) {
    /** sshd's MaxAuthTries default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** sshd's LoginGraceTime default. */
    public static final Duration DEFAULT_LOGIN_GRACE_TIME = Duration.ofSeconds(120);
    /** Long enough to make guessing slow and to hide how long a lookup took, short enough not to annoy. */
    public static final Duration DEFAULT_FAILURE_DELAY = FailureDelay.DEFAULT_FLOOR;
    /** OpenSSH 10.6's default max-pk-ok: a client with a few keys in its agent still gets to the right one. */
    public static final int DEFAULT_MAX_PUBLIC_KEY_QUERIES = 6;
    /**
     * Go's x/crypto/ssh bound on authentication requests per connection: far above what a client with many
     * keys and a keyboard-interactive conversation needs, and it stops requests that never count as failures
     * (restarted conversations, password-change rounds) from going on for ever.
     */
    public static final int DEFAULT_MAX_AUTH_REQUESTS = 128;

    public AuthConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxPublicKeyQueries < 0) {
            throw new IllegalArgumentException("maxPublicKeyQueries must not be negative");
        }
        if (maxAuthRequests < 1) {
            throw new IllegalArgumentException("maxAuthRequests must be at least 1");
        }
        Objects.requireNonNull(loginGraceTime, "loginGraceTime");
        Objects.requireNonNull(failureDelay, "failureDelay");
        Objects.requireNonNull(userAccess, "userAccess");
        Objects.requireNonNull(signatureExecutor, "signatureExecutor");
        Map<String, AuthMethod> enabled = methodsOf(publicKeyAuthenticator, passwordAuthenticator,
                keyboardInteractiveAuthenticator, allowNone, signatureExecutor);
        if (policy == null) {
            policy = AuthenticationPolicy.anyOf(enabled.values().stream().map(AuthMethod::name).distinct().toList());
        } else {
            for (String method : policy.methods()) {
                if (!enabled.containsKey(method)) {
                    throw new IllegalArgumentException("authentication methods \"" + policy + "\" name " + method
                            + ", which is not enabled");
                }
            }
        }
    }

    /** Public keys only, with the default limits (the walking skeleton's configuration). */
    public AuthConfig(PublicKeyAuthenticator publicKeyAuthenticator, int maxAttempts, Duration loginGraceTime) {
        this(publicKeyAuthenticator, null, null, false, null, null, maxAttempts, loginGraceTime,
                FailureDelay.of(DEFAULT_FAILURE_DELAY, FailureDelay.DEFAULT_JITTER), DEFAULT_MAX_PUBLIC_KEY_QUERIES,
                DEFAULT_MAX_AUTH_REQUESTS, UserAccess.ALL, SignatureVerification.sharedExecutor());
    }

    public static AuthConfig publicKey(PublicKeyAuthenticator authenticator) {
        return new AuthConfig(authenticator, DEFAULT_MAX_ATTEMPTS, DEFAULT_LOGIN_GRACE_TIME);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fresh table of the enabled methods for one connection, by the name a request gives, in the order
     * offered; a variant (publickey-hostbound) is listed under its own request name but is named as its method.
     */
    Map<String, AuthMethod> createMethods() {
        return methodsOf(publicKeyAuthenticator, passwordAuthenticator, keyboardInteractiveAuthenticator, allowNone,
                signatureExecutor);
    }

    private static Map<String, AuthMethod> methodsOf(PublicKeyAuthenticator publicKey, PasswordAuthenticator password,
            KeyboardInteractiveAuthenticator keyboardInteractive, boolean none, Executor signatureExecutor) {
        Map<String, AuthMethod> methods = new LinkedHashMap<>();
        if (publicKey != null) {
            // One method serves both names, so that one key cannot serve twice in a chain whichever name proves it.
            PublicKeyMethod publicKeyMethod = new PublicKeyMethod(publicKey, signatureExecutor);
            methods.put(PublicKeyMethod.NAME, publicKeyMethod);
            methods.put(PublicKeyMethod.HOSTBOUND_NAME, publicKeyMethod);
        }
        if (password != null) {
            methods.put(PasswordMethod.NAME, new PasswordMethod(password));
        }
        if (keyboardInteractive != null) {
            methods.put(KeyboardInteractiveMethod.NAME, new KeyboardInteractiveMethod(keyboardInteractive));
        }
        if (none) {
            methods.put(NoneMethod.NAME, new NoneMethod());
        }
        return methods;
    }

    /** Builds an {@link AuthConfig}; every limit starts at its default. */
    public static final class Builder {
        private PublicKeyAuthenticator publicKey;
        private PasswordAuthenticator password;
        private KeyboardInteractiveAuthenticator keyboardInteractive;
        private boolean allowNone;
        private AuthenticationPolicy policy;
        private String banner;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration loginGraceTime = DEFAULT_LOGIN_GRACE_TIME;
        private Duration failureDelay = DEFAULT_FAILURE_DELAY;
        private Duration failureDelayJitter = FailureDelay.DEFAULT_JITTER;
        private int maxPublicKeyQueries = DEFAULT_MAX_PUBLIC_KEY_QUERIES;
        private int maxAuthRequests = DEFAULT_MAX_AUTH_REQUESTS;
        private UserAccess userAccess = UserAccess.ALL;
        private Executor signatureExecutor = SignatureVerification.sharedExecutor();

        private Builder() {
        }

        public Builder publicKey(PublicKeyAuthenticator authenticator) {
            this.publicKey = authenticator;
            return this;
        }

        public Builder password(PasswordAuthenticator authenticator) {
            this.password = authenticator;
            return this;
        }

        public Builder keyboardInteractive(KeyboardInteractiveAuthenticator authenticator) {
            this.keyboardInteractive = authenticator;
            return this;
        }

        /** Let "none" authenticate anyone: for test servers and public services only. */
        public Builder allowNone(boolean allowNone) {
            this.allowNone = allowNone;
            return this;
        }

        public Builder policy(AuthenticationPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder banner(String banner) {
            this.banner = banner;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder loginGraceTime(Duration loginGraceTime) {
            this.loginGraceTime = loginGraceTime;
            return this;
        }

        /** The floor of the delay before a failure is answered (see {@link FailureDelay}); default 300 ms. */
        public Builder failureDelay(Duration failureDelay) {
            this.failureDelay = failureDelay;
            return this;
        }

        /** The spread of the per-user part of the failure delay above its floor; default 100 ms. */
        public Builder failureDelayJitter(Duration jitter) {
            this.failureDelayJitter = jitter;
            return this;
        }

        /** Public key queries that do not count as failed attempts (OpenSSH's max-pk-ok); default 6. */
        public Builder maxPublicKeyQueries(int queries) {
            this.maxPublicKeyQueries = queries;
            return this;
        }

        /** Authentication requests of any kind per connection before it is disconnected; default 128. */
        public Builder maxAuthRequests(int requests) {
            this.maxAuthRequests = requests;
            return this;
        }

        /** Which users may log in (sshd's AllowUsers and DenyUsers); everyone by default. */
        public Builder userAccess(UserAccess access) {
            this.userAccess = Objects.requireNonNull(access);
            return this;
        }

        /**
         * Where user signatures are verified (default: {@link SignatureVerification#sharedExecutor()});
         * {@code Runnable::run} verifies on the event loop, for tests.
         */
        public Builder signatureExecutor(Executor executor) {
            this.signatureExecutor = Objects.requireNonNull(executor);
            return this;
        }

        public AuthConfig build() {
            return new AuthConfig(publicKey, password, keyboardInteractive, allowNone, policy, banner, maxAttempts,
                    loginGraceTime, FailureDelay.of(failureDelay, failureDelayJitter), maxPublicKeyQueries,
                    maxAuthRequests, userAccess, signatureExecutor);
        }
    }
}
