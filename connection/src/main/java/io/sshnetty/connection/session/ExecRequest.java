package io.sshnetty.connection.session;

import java.net.SocketAddress;

/**
 * A client's request to execute a command (RFC 4254 §6.5).
 *
 * @param command       the command line as the client sent it
 * @param user          the authenticated user
 * @param connectionId  the connection's id
 * @param remoteAddress the client's address
 */
public record ExecRequest(String command, String user, String connectionId, SocketAddress remoteAddress) {
}
