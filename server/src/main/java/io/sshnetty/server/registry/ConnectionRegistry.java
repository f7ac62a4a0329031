package io.sshnetty.server.registry;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.ConnectionHandler;
import io.sshnetty.connection.channel.ChannelEvent;
import io.sshnetty.connection.channel.ChannelSummary;
import io.sshnetty.transport.ProtocolErrorHandler;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.wire.DisconnectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every live connection of a server, on Netty's {@link DefaultChannelGroup}: listed from the moment it is
 * accepted (during key exchange and authentication too), found by id, closed by id with a proper
 * SSH_MSG_DISCONNECT, awaited with a deadline. Safe from any thread: snapshots are taken on each
 * connection's own event loop.
 */
public final class ConnectionRegistry {
    private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);

    private final ChannelGroup channels = new DefaultChannelGroup("sshnetty-connections", GlobalEventExecutor.INSTANCE);
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ChannelHandler handler = new RegistryHandler(this);
    private final RegistryCounters counters = new RegistryCounters();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong authenticated = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger unauthenticated = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.ConcurrentHashMap<java.net.InetAddress, java.util.concurrent.atomic.AtomicInteger> perSource =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Adds a listener for what happens to connections from now on. */
    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** Running totals: handshakes, authentication by method, channels, bytes. */
    public RegistryCounters counters() {
        return counters;
    }

    /** Connections open now. */
    public int size() {
        return channels.size();
    }

    /** Connections accepted since the server started. */
    public long totalConnections() {
        return total.get();
    }

    /** Connections that authenticated since the server started. */
    public long totalAuthenticated() {
        return authenticated.get();
    }

    /** Connections open now that have not authenticated yet (MaxStartups counts these). */
    public int unauthenticated() {
        return unauthenticated.get();
    }

    /** Connections open now from {@code address}. */
    public int fromAddress(java.net.InetAddress address) {
        java.util.concurrent.atomic.AtomicInteger count = perSource.get(address);
        return count == null ? 0 : count.get();
    }

    /** Bytes received ({@code in}) or sent by the connections open now. */
    public long liveBytes(boolean in) {
        long sum = 0;
        for (Channel channel : channels) {
            SshConnection connection = channel.attr(SshConnection.KEY).get();
            if (connection != null) {
                sum += in ? connection.bytesIn() : connection.bytesOut();
            }
        }
        return sum;
    }

    /** Registers an accepted connection; the server calls this for every connection it accepts. */
    public void register(Channel channel) {
        SshConnection connection = SshConnection.of(channel);
        channels.add(channel);
        total.incrementAndGet();
        unauthenticated.incrementAndGet();
        java.net.InetAddress source = sourceOf(connection);
        if (source != null) {
            perSource.computeIfAbsent(source, address -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        }
        channel.pipeline().addBefore("errors", "registry", handler);
        connection.closeFuture().whenComplete((ignored, error) -> {
            if (channel.attr(AuthenticatedUser.KEY).get() == null) {
                unauthenticated.decrementAndGet();
            }
            if (source != null) {
                perSource.computeIfPresent(source, (address, count) -> count.decrementAndGet() == 0 ? null : count);
            }
            counters.connectionClosed(connection.bytesIn(), connection.bytesOut());
            String reason = connection.closeReason();
            log.debug("[{}] closed: {}", connection, reason);
            for (ConnectionListener listener : listeners) {
                listener.closed(connection, reason);
            }
        });
        for (ConnectionListener listener : listeners) {
            listener.opened(connection);
        }
    }

    private static java.net.InetAddress sourceOf(SshConnection connection) {
        return connection.remoteAddress() instanceof java.net.InetSocketAddress
                ? ((java.net.InetSocketAddress) connection.remoteAddress()).getAddress() : null;
    }

    void fireAuthenticated(SshConnection connection, AuthenticatedUser user) {
        authenticated.incrementAndGet();
        unauthenticated.decrementAndGet();
        for (ConnectionListener listener : listeners) {
            listener.authenticated(connection, user);
        }
    }

    void fireChannel(SshConnection connection, ChannelEvent event) {
        if (event.opened()) {
            counters.channelOpened();
        }
        for (ConnectionListener listener : listeners) {
            if (event.opened()) {
                listener.channelOpened(connection, event.channel());
            } else {
                listener.channelClosed(connection, event.channel());
            }
        }
    }

    /** Snapshots of every connection that matches {@code filter} (e.g. by user, address or state). */
    public CompletionStage<List<ConnectionInfo>> list(Predicate<ConnectionInfo> filter) {
        List<CompletableFuture<ConnectionInfo>> snapshots = new ArrayList<>();
        for (Channel channel : channels) {
            snapshots.add(snapshot(channel));
        }
        return CompletableFuture.allOf(snapshots.toArray(new CompletableFuture<?>[0])).handle((ignored, error) -> {
            List<ConnectionInfo> infos = new ArrayList<>();
            for (CompletableFuture<ConnectionInfo> snapshot : snapshots) {
                if (!snapshot.isCompletedExceptionally() && snapshot.join() != null && filter.test(snapshot.join())) {
                    infos.add(snapshot.join());
                }
            }
            infos.sort(java.util.Comparator.comparing(ConnectionInfo::startedAt));
            return infos;
        });
    }

    /** Every connection. */
    public CompletionStage<List<ConnectionInfo>> list() {
        return list(info -> true);
    }

    /** Blocking form of {@link #list()}, for operators' tools (JMX, the demo's admin command). */
    public List<ConnectionInfo> listNow(Duration timeout) throws Exception {
        return list().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The snapshot of connection {@code id}, if it is live. */
    public CompletionStage<Optional<ConnectionInfo>> find(String id) {
        return channel(id).map(channel -> snapshot(channel).thenApply(Optional::ofNullable))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
    }

    /**
     * Closes connection {@code id}: SSH_MSG_DISCONNECT with SSH_DISCONNECT_BY_APPLICATION and {@code reason},
     * then the socket, forced after a few seconds if the client does not read. Completes with true once
     * the socket is closed and every handler of the connection has seen it go; with false if no such
     * connection is live.
     */
    public CompletionStage<Boolean> close(String id, String reason) {
        Optional<Channel> found = channel(id);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        Channel channel = found.get();
        SshConnection connection = SshConnection.of(channel);
        channel.eventLoop().execute(() -> ProtocolErrorHandler.disconnect(channel, DisconnectReason.BY_APPLICATION, reason));
        return connection.closeFuture().thenApply(ignored -> true);
    }

    /** Closes channel {@code channelId} of connection {@code id}; completes with false if either is gone. */
    public CompletionStage<Boolean> closeChannel(String id, int channelId) {
        Optional<Channel> found = channel(id);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        Channel channel = found.get();
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
            closed.complete(handler != null && handler.closeChannel(channelId));
        });
        return closed;
    }

    /** Closes every connection as {@link #close} does; completes when all are gone. */
    public CompletionStage<Void> closeAll(String reason) {
        log.info("closing all {} connections: {}", channels.size(), reason);
        List<CompletableFuture<Boolean>> closing = new ArrayList<>();
        for (Channel channel : channels) {
            closing.add(close(SshConnection.of(channel).id(), reason).toCompletableFuture());
        }
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
    }

    /** Waits until connection {@code id} is gone, at most {@code timeout}; true if it is gone. */
    public boolean awaitClosed(String id, Duration timeout) throws InterruptedException {
        Optional<Channel> found = channel(id);
        if (found.isEmpty()) {
            return true;
        }
        try {
            SshConnection.of(found.get()).closeFuture().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Waits until no connection is left, at most {@code timeout}; true if none is. */
    public boolean awaitAllClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Channel channel : channels) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !awaitClosed(SshConnection.of(channel).id(), Duration.ofNanos(left))) {
                return channels.isEmpty();
            }
        }
        return true;
    }

    private Optional<Channel> channel(String id) {
        for (Channel channel : channels) {
            SshConnection connection = channel.attr(SshConnection.KEY).get();
            if (connection != null && connection.id().equals(id)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }

    private static CompletableFuture<ConnectionInfo> snapshot(Channel channel) {
        CompletableFuture<ConnectionInfo> snapshot = new CompletableFuture<>();
        try {
            channel.eventLoop().execute(() -> snapshot.complete(snapshotOnLoop(channel)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            snapshot.complete(null);
        }
        return snapshot;
    }

    private static ConnectionInfo snapshotOnLoop(Channel channel) {
        SshConnection connection = SshConnection.of(channel);
        AuthenticatedUser user = channel.attr(AuthenticatedUser.KEY).get();
        ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
        List<ChannelSummary> open = handler == null ? List.of() : handler.channelSummaries();
        ConnectionState state;
        if (!channel.isActive() || ProtocolErrorHandler.isDisconnecting(channel)) {
            state = ConnectionState.CLOSING;
        } else if (user != null) {
            state = ConnectionState.OPEN;
        } else if (connection.sessionId() != null) {
            state = ConnectionState.AUTH;
        } else {
            state = ConnectionState.KEX;
        }
        return new ConnectionInfo(connection.id(), user == null ? null : user.user(),
                user == null ? List.of() : user.methods(), connection.remoteAddress(), connection.localAddress(),
                connection.clientIdentification(), connection.algorithms(), state, connection.startedAt(),
                connection.lastActivity(), open, connection.bytesIn(), connection.bytesOut());
    }
}
