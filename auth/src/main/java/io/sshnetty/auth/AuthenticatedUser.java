package io.sshnetty.auth;

import io.netty.util.AttributeKey;
import io.sshnetty.auth.publickey.KeyRestrictions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a connection authenticated as, kept as an attribute of its Netty channel once user
 * authentication succeeds; later layers read it, and obey its restrictions.
 *
 * @param user    the user name the client authenticated as
 * @param methods the methods that succeeded, in order
 * @param keyFingerprint the SHA256 fingerprint of the public key that proved the user, or {@code null}
 * @param restrictions what the key's authorized_keys options and certificate allow (combined with what other
 *                     methods' decisions said); {@link KeyRestrictions#NONE} when nothing restricts
 * @param attachment   the application's object from the authenticators' {@link AuthDecision} (the last one
 *                     given), or {@code null}; the connection layer hands it to sessions and forwarding policies
 */
public record AuthenticatedUser(String user, List<String> methods, String keyFingerprint, KeyRestrictions restrictions,
        Object attachment) {
    public static final AttributeKey<AuthenticatedUser> KEY = AttributeKey.valueOf(AuthenticatedUser.class, "user");

    public AuthenticatedUser {
        methods = List.copyOf(methods);
        Objects.requireNonNull(restrictions, "restrictions");
    }

    /** A user without attachment. */
    public AuthenticatedUser(String user, List<String> methods, String keyFingerprint, KeyRestrictions restrictions) {
        this(user, methods, keyFingerprint, restrictions, null);
    }

    /** A user without restrictions or attachment. */
    public AuthenticatedUser(String user, List<String> methods, String keyFingerprint) {
        this(user, methods, keyFingerprint, KeyRestrictions.NONE, null);
    }

    /** The attachment as {@code type}; empty when there is none, a ClassCastException when it is another type. */
    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(attachment).map(type::cast);
    }
}
