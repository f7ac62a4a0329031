package io.sshnetty.connection.forwarding;

import java.net.SocketAddress;

/**
 * A client's request to forward a connection, for a {@link ForwardingPolicy} to decide.
 *
 * @param kind          which forwarding
 * @param user          the authenticated user
 * @param connectionId  the connection's id
 * @param client        the client's address
 * @param host          the target host (LOCAL_TCP) or the address to listen on (REMOTE_TCP); null otherwise
 * @param port          the target or listening port; 0 for Unix sockets
 * @param path          the Unix socket path (LOCAL_UNIX, REMOTE_UNIX); null for TCP
 */
public record ForwardingRequest(Kind kind, String user, String connectionId, SocketAddress client, String host, int port,
        String path) {
    public enum Kind {
        /** {@code ssh -L}: "direct-tcpip", RFC 4254 §7.2. */
        LOCAL_TCP,
        /** {@code ssh -R}: "tcpip-forward", RFC 4254 §7.1. */
        REMOTE_TCP,
        /** {@code ssh -L} to a Unix socket: "direct-streamlocal@openssh.com", OpenSSH PROTOCOL §2.4. */
        LOCAL_UNIX,
        /** {@code ssh -R} from a Unix socket: "streamlocal-forward@openssh.com", OpenSSH PROTOCOL §2.4. */
        REMOTE_UNIX,
        /** {@code ssh -A}: "auth-agent-req@openssh.com", a socket on the server that reaches the client's agent. */
        AGENT
    }
}
