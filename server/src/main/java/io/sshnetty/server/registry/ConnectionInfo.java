package io.sshnetty.server.registry;

import io.sshnetty.connection.channel.ChannelSummary;
import io.sshnetty.transport.kex.NegotiatedAlgorithms;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one connection, taken on its event loop.
 *
 * @param id                   the connection's id, as in every log line about it
 * @param user                 the authenticated user, or null before authentication
 * @param authMethods          the methods that authenticated the user, in order
 * @param remoteAddress        the client (as the PROXY protocol announced it, when in use)
 * @param localAddress         the address the client connected to
 * @param clientIdentification the client's identification line, once received
 * @param algorithms           what the last key exchange negotiated, or null before the first
 * @param state                where the connection is in its life
 * @param startedAt            when it was accepted
 * @param lastActivity         when a packet last arrived
 * @param channels             its open channels
 * @param bytesIn              bytes received on the wire
 * @param bytesOut             bytes sent on the wire
 * @param complete             false when the connection's event loop did not answer in time: the channels
 *                             are then unknown (listed as none) and the rest is as last published
 * @param attachment           the application's object from the authenticator's {@code AuthDecision}, or null
 */
public record ConnectionInfo(
        String id,
        String user,
        List<String> authMethods,
        SocketAddress remoteAddress,
        SocketAddress localAddress,
        String clientIdentification,
        NegotiatedAlgorithms algorithms,
        ConnectionState state,
        Instant startedAt,
        Instant lastActivity,
        List<ChannelSummary> channels,
        long bytesIn,
        long bytesOut,
        boolean complete,
        Object attachment) {
    /** A snapshot of a connection without attachment. */
    public ConnectionInfo(String id, String user, List<String> authMethods, SocketAddress remoteAddress,
            SocketAddress localAddress, String clientIdentification, NegotiatedAlgorithms algorithms, ConnectionState state,
            Instant startedAt, Instant lastActivity, List<ChannelSummary> channels, long bytesIn, long bytesOut,
            boolean complete) {
        this(id, user, authMethods, remoteAddress, localAddress, clientIdentification, algorithms, state, startedAt,
                lastActivity, channels, bytesIn, bytesOut, complete, null);
    }

    /** The attachment as {@code type}; empty when there is none, a ClassCastException when it is another type. */
    public <T> Optional<T> attachment(Class<T> type) {
        return Optional.ofNullable(attachment).map(type::cast);
    }
}
