package io.sshnetty.connection.forwarding;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * A client's request to forward a connection, for a {@link ForwardingPolicy} to decide.
 *
 * <p>A TCP request naming a host is decided twice: first as the client named it ({@code resolvedAddress}
 * null), then, once the name has been resolved, with the address the server will actually connect to or
 * listen on. A policy that cares where connections go checks {@link #resolvedAddress()} when it is set: a
 * name the client controls may resolve anywhere (DNS rebinding).
 *
 * @param kind            which forwarding
 * @param user            the authenticated user
 * @param connectionId    the connection's id
 * @param client          the client's address
 * @param host            the target host (LOCAL_TCP) or the address to listen on (REMOTE_TCP), as the client
 *                        sent it; null otherwise
 * @param port            the target or listening port; 0 for Unix sockets
 * @param path            the Unix socket path (LOCAL_UNIX, REMOTE_UNIX); null for TCP
 * @param resolvedAddress the address {@code host} resolved to, on the second decision; null on the first
 * @param attachment      the application's object from the authenticator's {@code AuthDecision}, or null
 */
public record ForwardingRequest(Kind kind, String user, String connectionId, SocketAddress client, String host, int port,
        String path, InetAddress resolvedAddress, Object attachment) {
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

    /** A request as the client made it, not yet resolved. */
    public ForwardingRequest(Kind kind, String user, String connectionId, SocketAddress client, String host, int port,
            String path) {
        this(kind, user, connectionId, client, host, port, path, null, null);
    }

    /** A request of a connection without attachment. */
    public ForwardingRequest(Kind kind, String user, String connectionId, SocketAddress client, String host, int port,
            String path, InetAddress resolvedAddress) {
        this(kind, user, connectionId, client, host, port, path, resolvedAddress, null);
    }

    /** The attachment as {@code type}; empty when there is none, a ClassCastException when it is another type. */
    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(attachment).map(type::cast);
    }

    /** The same request, now that {@link #host} resolved to {@code address}. */
    public ForwardingRequest resolvedTo(InetAddress address) {
        return new ForwardingRequest(kind, user, connectionId, client, host, port, path, address, attachment);
    }

    /** The same request with another host: how a listen address is matched once GatewayPorts has applied. */
    public ForwardingRequest withHost(String otherHost) {
        return new ForwardingRequest(kind, user, connectionId, client, otherHost, port, path, resolvedAddress, attachment);
    }
}
