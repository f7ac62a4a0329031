package io.sshnetty.auth;

import io.sshnetty.transport.SshConnection;

import java.net.SocketAddress;
import java.util.Optional;

/**
 * What an authenticator may know about the connection asking: its id, addresses, client software, and the
 * attachment an earlier method on the same connection gave (see {@link AuthDecision}).
 *
 * @param connection the connection
 * @param attachment what the last successful method so far attached (after a partial success), or {@code null}
 */
public record AuthenticationContext(SshConnection connection, Object attachment) {
    /** A connection on which no method has succeeded yet. */
    public AuthenticationContext(SshConnection connection) {
        this(connection, null);
    }

    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    public String connectionId() {
        return connection.id();
    }

    /** The attachment so far as {@code type}; empty when there is none, a ClassCastException when it is another type. */
    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(attachment).map(type::cast);
    }
}
