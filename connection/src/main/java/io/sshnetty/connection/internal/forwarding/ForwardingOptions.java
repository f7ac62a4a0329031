package io.sshnetty.connection.internal.forwarding;

import io.sshnetty.connection.forwarding.DnsSettings;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.forwarding.GatewayPorts;

import io.netty.resolver.AddressResolverGroup;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a server carries out the forwardings its {@link ForwardingPolicy} allows: where remote forwards
 * listen, how many listeners and host-name lookups one connection may have at once, and the resolver
 * that turns host names into addresses without blocking an event loop.
 *
 * @param gatewayPorts         which address "tcpip-forward" listens on (sshd's GatewayPorts)
 * @param maxListeners         listeners (remote forwards and agent sockets) one connection may hold, counting
 *                             those still being set up
 * @param maxConcurrentLookups host-name lookups one connection may have in flight; more are refused at once
 * @param lookupTimeout        how long one lookup may take in all, retries included, before the forwarding
 *                             is refused
 * @param maxTunnelBacklog     bytes a tunnel holds from its socket for the client beyond which the socket is
 *                             not read (towards the socket, the channel window is the bound)
 * @param resolver             resolves target and listen host names on the connection's event loop; the
 *                             server that made it closes it
 * @param agentDirectory       a private directory (mode 700) made beforehand, off the event loops, where
 *                             forwarded agents' sockets are made; null refuses agent forwarding
 */
public record ForwardingOptions(GatewayPorts gatewayPorts, int maxListeners, int maxConcurrentLookups,
        Duration lookupTimeout, int maxTunnelBacklog, AddressResolverGroup<InetSocketAddress> resolver,
        Path agentDirectory) {
    /**
     * Listeners per connection. sshd has no such cap (each costs it a file descriptor); ours keeps one
     * client from taking a process's descriptors and ports.
     */
    public static final int DEFAULT_MAX_LISTENERS = 16;
    /**
     * Lookups in flight per connection. A lookup costs no thread here, but it holds a tunnel slot and a
     * DNS query: a client naming slow hosts in a loop gets no more than this many at once.
     */
    public static final int DEFAULT_MAX_CONCURRENT_LOOKUPS = 4;
    /**
     * Per tunnel, towards the client: a client that does not open its window makes the socket stop being
     * read, instead of the server holding what the socket sends. Enough to keep a 2 MiB window busy.
     */
    public static final int DEFAULT_MAX_TUNNEL_BACKLOG = 256 * 1024;
    /** One lookup in all: two of {@link DnsSettings#DEFAULT_QUERY_TIMEOUT}'s queries. */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    public ForwardingOptions {
        Objects.requireNonNull(gatewayPorts, "gatewayPorts");
        Objects.requireNonNull(lookupTimeout, "lookupTimeout");
        Objects.requireNonNull(resolver, "resolver");
        if (maxListeners < 0 || maxConcurrentLookups < 1 || lookupTimeout.isNegative() || lookupTimeout.isZero()
                || maxTunnelBacklog < 1) {
            throw new IllegalArgumentException("bad forwarding limits");
        }
    }

    /**
     * Loopback listeners, the default limits, the system's name servers through {@code sockets}' UDP class,
     * and no agent forwarding (there is no directory for its sockets).
     */
    public static ForwardingOptions defaults(SocketTransport sockets) {
        return new ForwardingOptions(GatewayPorts.NO, DEFAULT_MAX_LISTENERS, DEFAULT_MAX_CONCURRENT_LOOKUPS,
                DEFAULT_LOOKUP_TIMEOUT, DEFAULT_MAX_TUNNEL_BACKLOG, DnsSettings.system().newResolverGroup(sockets.datagramSocket()),
                null);
    }
}
