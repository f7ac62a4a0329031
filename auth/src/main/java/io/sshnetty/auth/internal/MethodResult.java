package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.auth.FailureDelay;
import io.sshnetty.auth.publickey.KeyRestrictions;

import java.util.Objects;

/**
 * What one authentication request (or one response within a method's conversation) came to, as an
 * {@link AuthMethod} tells {@link UserAuthHandler}: a message to send that decides nothing yet (PK_OK,
 * INFO_REQUEST, PASSWD_CHANGEREQ), or the authenticator's {@link AuthDecision} with what the log line and the
 * key-reuse check need. Every failure is answered after the server's {@link FailureDelay} for the user.
 */
public sealed interface MethodResult permits MethodResult.Reply, MethodResult.Decided {

    /**
     * Neither success nor failure: send {@code message}.
     *
     * @param awaitsResponse the method expects a method-specific message next (RFC 4256's INFO_RESPONSE) rather
     *                       than a new request
     */
    record Reply(SshMessage message, boolean awaitsResponse) implements MethodResult {
        public Reply {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The attempt is decided.
     *
     * @param decision       {@link AuthDecision.Accept}, {@link AuthDecision.Partial} or {@link AuthDecision.Reject}
     * @param logDetail      appended to the log line after {@code ssh2: }, e.g. {@code ED25519 SHA256:…}; may be null
     * @param keyFingerprint the SHA256 fingerprint of the key that proved the user, or null
     */
    record Decided(AuthDecision decision, String logDetail, String keyFingerprint) implements MethodResult {
        public Decided {
            Objects.requireNonNull(decision, "decision");
            if (decision instanceof AuthDecision.Ask) {
                throw new IllegalArgumentException("a method turns an Ask into its reply");
            }
        }
    }

    /** A decision without log detail or key, as password and keyboard-interactive make. */
    static MethodResult of(AuthDecision decision) {
        return new Decided(decision, null, null);
    }

    /** A failed attempt, with what the log line adds. */
    static MethodResult failure(String logDetail) {
        return new Decided(AuthDecision.reject(), logDetail, null);
    }

    /** Send {@code message}, then the client sends a new request. */
    static MethodResult reply(SshMessage message) {
        return new Reply(message, false);
    }

    /** Send {@code message}, then the client answers with a message of this method (RFC 4256 §3.3). */
    static MethodResult ask(SshMessage message) {
        return new Reply(message, true);
    }
}
