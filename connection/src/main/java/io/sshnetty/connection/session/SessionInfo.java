package io.sshnetty.connection.session;

import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What a session channel knows when a handler is asked to serve it: who, from where, the environment
 * the client set (only the names the server's policy accepted) and the terminal it asked for, if any.
 *
 * @param user          the authenticated user
 * @param connectionId  the connection's id
 * @param remoteAddress the client's address
 * @param environment   variables from accepted "env" requests (RFC 4254 §6.4)
 * @param pty           the pseudo-terminal from "pty-req" (RFC 4254 §6.2), or {@code null}
 */
public record SessionInfo(String user, String connectionId, SocketAddress remoteAddress, Map<String, String> environment,
        PtyRequest pty) {
    public SessionInfo {
        environment = Map.copyOf(environment);
    }

    public Optional<PtyRequest> terminal() {
        return Optional.ofNullable(pty);
    }
}
