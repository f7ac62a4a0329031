package io.sshnetty.connection.internal;

import io.sshnetty.connection.internal.forwarding.ForwardingOptions;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.internal.forwarding.SocketTransport;
import io.sshnetty.connection.session.SessionHandlers;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Connection-protocol settings for one server.
 *
 * @param handlers        the session request handlers
 * @param commandExecutor runs process-style commands (blocking code never runs on an event loop)
 * @param maxSessions     session channels open at once per connection (sshd's MaxSessions)
 * @param windowSize      our initial window per channel: the most a client may send ahead of what a handler has read
 * @param maxPacketSize   the largest data packet we accept per channel message
 * @param forwarding      which port forwardings clients may use
 * @param sockets         the socket classes forwarded connections use
 * @param forwardingOptions how allowed forwardings are carried out: listen addresses, per-connection caps, resolver
 */
public record ConnectionConfig(SessionHandlers handlers, Executor commandExecutor, int maxSessions, int windowSize,
        int maxPacketSize, ForwardingPolicy forwarding, SocketTransport sockets, ForwardingOptions forwardingOptions) {
    /** sshd's MaxSessions default. */
    public static final int DEFAULT_MAX_SESSIONS = 10;
    /** OpenSSH's session window: 64 packets of 32 KiB. */
    public static final int DEFAULT_WINDOW_SIZE = 2 * 1024 * 1024;
    /** OpenSSH's session packet size. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 32 * 1024;
    /** Forwarded connections (tunnels) open at once per connection, besides sessions. */
    public static final int MAX_TUNNELS = 256;

    public ConnectionConfig {
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(commandExecutor, "commandExecutor");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(sockets, "sockets");
        Objects.requireNonNull(forwardingOptions, "forwardingOptions");
        if (maxSessions < 1 || windowSize < maxPacketSize || maxPacketSize < 1024) {
            throw new IllegalArgumentException("bad connection limits");
        }
    }

    /** With {@link ForwardingOptions#defaults} for how forwarding is carried out. */
    public ConnectionConfig(SessionHandlers handlers, Executor commandExecutor, int maxSessions, int windowSize,
            int maxPacketSize, ForwardingPolicy forwarding, SocketTransport sockets) {
        this(handlers, commandExecutor, maxSessions, windowSize, maxPacketSize, forwarding, sockets,
                ForwardingOptions.defaults(sockets));
    }

    /** Default limits, no forwarding. */
    public static ConnectionConfig of(SessionHandlers handlers, Executor commandExecutor) {
        return new ConnectionConfig(handlers, commandExecutor, DEFAULT_MAX_SESSIONS, DEFAULT_WINDOW_SIZE,
                DEFAULT_MAX_PACKET_SIZE, ForwardingPolicy.denyAll(), SocketTransport.nio());
    }
}
