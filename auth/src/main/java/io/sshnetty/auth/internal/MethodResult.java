package io.sshnetty.auth.internal;

import io.sshnetty.auth.FailureDelay;
import io.sshnetty.auth.publickey.KeyRestrictions;
import io.sshnetty.transport.internal.wire.SshMessage;

import java.util.Objects;

/**
 * What one authentication request (or one response within a method's conversation) came to.
 *
 * @param kind           success, failure, or a reply that is neither (PK_OK, INFO_REQUEST, PASSWD_CHANGEREQ)
 * @param reply          the message to send for {@link Kind#REPLY}, else null
 * @param awaitsResponse for a reply: the method expects a method-specific message next (RFC 4256's
 *                       INFO_RESPONSE) rather than a new request
 * @param logDetail      appended to the log line after {@code ssh2: }, e.g. {@code ED25519 SHA256:…}; may be null
 * @param keyFingerprint the SHA256 fingerprint of the key that proved the user, or null
 * @param restrictions   the restrictions that come with a success (authorized_keys options, certificate options)
 * @param invalidUser    for a failure: the user does not exist (logged as such; the client sees the same answer)
 *
 * <p>Every failure is answered after the server's {@link FailureDelay} for the user, whatever the method.
 */
public record MethodResult(Kind kind, SshMessage reply, boolean awaitsResponse, String logDetail, String keyFingerprint,
        KeyRestrictions restrictions, boolean invalidUser) {
    /** How a request ended. */
    public enum Kind { SUCCESS, FAILURE, REPLY }

    public MethodResult {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.REPLY) != (reply != null)) {
            throw new IllegalArgumentException("a reply, and only a reply, carries a message");
        }
        restrictions = restrictions == null ? KeyRestrictions.NONE : restrictions;
    }

    /** Success without a key: password, keyboard-interactive, none. */
    public static MethodResult success() {
        return new MethodResult(Kind.SUCCESS, null, false, null, null, null, false);
    }

    /** Success by a key, with what the log line names and the restrictions that come with the key. */
    public static MethodResult success(String logDetail, String keyFingerprint, KeyRestrictions restrictions) {
        return new MethodResult(Kind.SUCCESS, null, false, logDetail, keyFingerprint, restrictions, false);
    }

    /** A failed attempt. */
    public static MethodResult failure(String logDetail) {
        return new MethodResult(Kind.FAILURE, null, false, logDetail, null, null, false);
    }

    /** A failed guess of a secret (password, one-time code), for a user who exists or, with {@code invalidUser}, not. */
    public static MethodResult failedSecret(boolean invalidUser) {
        return new MethodResult(Kind.FAILURE, null, false, null, null, null, invalidUser);
    }

    /** A failure for a user who does not exist or may not log in (logged as "invalid user"). */
    public static MethodResult invalidUser(String logDetail) {
        return new MethodResult(Kind.FAILURE, null, false, logDetail, null, null, true);
    }

    /** Neither success nor failure: send {@code message}, then the client sends a new request. */
    public static MethodResult reply(SshMessage message) {
        return new MethodResult(Kind.REPLY, message, false, null, null, null, false);
    }

    /** Send {@code message}, then the client answers with a message of this method (RFC 4256 §3.3). */
    public static MethodResult ask(SshMessage message) {
        return new MethodResult(Kind.REPLY, message, true, null, null, null, false);
    }
}
