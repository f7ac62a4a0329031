package io.sshnetty.connection.session;

import java.net.SocketAddress;

/**
 * A client's request to execute a command (RFC 4254 §6.5).
 *
 * @param command the command line as the client sent it
 * @param session the session it arrived on
 */
public record ExecRequest(String command, SessionInfo session) {
    /** The authenticated user. */
    public String user() {
        return session.user();
    }

    public String connectionId() {
        return session.connectionId();
    }

    public SocketAddress remoteAddress() {
        return session.remoteAddress();
    }
}
