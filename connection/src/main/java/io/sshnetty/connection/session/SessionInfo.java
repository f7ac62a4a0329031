package io.sshnetty.connection.session;

import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What a session channel knows when a handler is asked to serve it: who, from where, the environment
 * the client set (only the names the server's policy accepted), the terminal it asked for, if any, and what
 * the application attached to the connection when it authenticated the user.
 *
 * @param user          the authenticated user
 * @param connectionId  the connection's id
 * @param remoteAddress the client's address
 * @param environment   variables from accepted "env" requests (RFC 4254 §6.4)
 * @param pty           the pseudo-terminal from "pty-req" (RFC 4254 §6.2), or {@code null}
 * @param attachment    the application's object from the authenticator's {@code AuthDecision} (a tenant, an
 *                      account), or {@code null}
 */
public record SessionInfo(String user, String connectionId, SocketAddress remoteAddress, Map<String, String> environment,
        PtyRequest pty, Object attachment) {
    public SessionInfo {
        environment = Map.copyOf(environment);
    }

    /** A session of a connection without attachment. */
    public SessionInfo(String user, String connectionId, SocketAddress remoteAddress, Map<String, String> environment,
            PtyRequest pty) {
        this(user, connectionId, remoteAddress, environment, pty, null);
    }

    /** The attachment as {@code type}; empty when there is none, a ClassCastException when it is another type. */
    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(attachment).map(type::cast);
    }

    public Optional<PtyRequest> terminal() {
        return Optional.ofNullable(pty);
    }
}
