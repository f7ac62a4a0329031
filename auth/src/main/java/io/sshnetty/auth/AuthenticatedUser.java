package io.sshnetty.auth;

import io.netty.util.AttributeKey;
import io.sshnetty.auth.publickey.KeyRestrictions;

import java.util.List;
import java.util.Objects;

/**
 * Who a connection authenticated as, kept as an attribute of its Netty channel once user
 * authentication succeeds; later layers read it, and obey its restrictions.
 *
 * @param user    the user name the client authenticated as
 * @param methods the methods that succeeded, in order
 * @param keyFingerprint the SHA256 fingerprint of the public key that proved the user, or {@code null}
 * @param restrictions what the key's authorized_keys options and certificate allow; {@link KeyRestrictions#NONE}
 *                     when no key took part
 */
public record AuthenticatedUser(String user, List<String> methods, String keyFingerprint, KeyRestrictions restrictions) {
    public static final AttributeKey<AuthenticatedUser> KEY = AttributeKey.valueOf(AuthenticatedUser.class, "user");

    public AuthenticatedUser {
        methods = List.copyOf(methods);
        Objects.requireNonNull(restrictions, "restrictions");
    }

    /** A user without restrictions. */
    public AuthenticatedUser(String user, List<String> methods, String keyFingerprint) {
        this(user, methods, keyFingerprint, KeyRestrictions.NONE);
    }
}
