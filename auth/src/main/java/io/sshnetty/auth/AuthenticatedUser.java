package io.sshnetty.auth;

import io.netty.util.AttributeKey;

import java.util.List;

/**
 * Who a connection authenticated as, kept as an attribute of its Netty channel once user
 * authentication succeeds; later layers read it.
 *
 * @param user    the user name the client authenticated as
 * @param methods the methods that succeeded, in order
 * @param keyFingerprint the SHA256 fingerprint of the public key that proved the user, or {@code null}
 */
public record AuthenticatedUser(String user, List<String> methods, String keyFingerprint) {
    public static final AttributeKey<AuthenticatedUser> KEY = AttributeKey.valueOf(AuthenticatedUser.class, "user");

    public AuthenticatedUser {
        methods = List.copyOf(methods);
    }
}
