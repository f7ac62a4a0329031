package io.sshnetty.server.registry;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.sshnetty.server.internal.RegistryAccess;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.internal.ConnectionHandler;
import io.sshnetty.connection.channel.ChannelEvent;
import io.sshnetty.connection.channel.ChannelSummary;
import io.sshnetty.transport.internal.ProtocolErrorHandler;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.wire.DisconnectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every live connection of a server, by id in a concurrent map: listed from the moment it is accepted
 * (during key exchange and authentication too), found and closed by id in O(1) with a proper
 * SSH_MSG_DISCONNECT, awaited with a deadline; closing or awaiting all is O(n). Safe from any thread:
 * snapshots are taken on each connection's own event loop, each with a deadline, so one stuck loop delays
 * {@link #list} by at most that deadline and its connections are still listed with what is known.
 *
 * <p>{@link #awaitClosed} and {@link #awaitAllClosed} block their caller: never call them from an event loop
 * (they throw {@link IllegalStateException} when called from one that serves connections).
 */
public final class ConnectionRegistry {
    /** How long {@link #list()} waits for a connection's event loop before listing what is known without it. */
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);
    private static final AttributeKey<CompletableFuture<Void>> GONE = AttributeKey.valueOf("sshnetty.registry.gone");

    static {
        RegistryAccess.install(new RegistryAccess.Operations() {
            @Override
            public ConnectionRegistry create() {
                return new ConnectionRegistry();
            }

            @Override
            public void register(ConnectionRegistry registry, Channel channel) {
                registry.register(channel);
            }

            @Override
            public void dropped(AdmissionMetrics metrics, AdmissionMetrics.Drop drop) {
                metrics.dropped(drop);
            }

            @Override
            public void penalised(AdmissionMetrics metrics, String kind) {
                metrics.penalised(kind);
            }
        });
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Set<EventLoop> loops = ConcurrentHashMap.newKeySet();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ChannelHandler handler = new RegistryHandler(this);
    private final RegistryCounters counters = new RegistryCounters();
    private final AdmissionMetrics admission = new AdmissionMetrics();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong authenticated = new AtomicLong();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();

    /** Only the server creates a registry (through RegistryAccess). */
    private ConnectionRegistry() {
    }

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

    /** What admission control refused, dropped and penalised. */
    public AdmissionMetrics admission() {
        return admission;
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
    public int fromAddress(InetAddress address) {
        AtomicInteger count = perSource.get(address);
        return count == null ? 0 : count.get();
    }

    /** Bytes received ({@code in}) or sent by the connections open now. */
    public long liveBytes(boolean in) {
        long sum = 0;
        for (Channel channel : channels.values()) {
            SshConnection connection = channel.attr(SshConnection.KEY).get();
            if (connection != null) {
                sum += in ? connection.bytesIn() : connection.bytesOut();
            }
        }
        return sum;
    }

    /** Registers an accepted connection; the server calls this for every connection it accepts. */
    private void register(Channel channel) {
        SshConnection connection = SshConnection.of(channel);
        channels.put(connection.id(), channel);
        loops.add(channel.eventLoop());
        total.incrementAndGet();
        unauthenticated.incrementAndGet();
        InetAddress source = sourceOf(connection);
        if (source != null) {
            perSource.computeIfAbsent(source, address -> new AtomicInteger()).incrementAndGet();
        }
        channel.pipeline().addBefore("errors", "registry", handler);
        CompletionStage<Void> gone = connection.closeFuture().whenComplete((ignored, error) -> {
            channels.remove(connection.id(), channel);
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
        channel.attr(GONE).set(gone.handle((ignored, error) -> (Void) null).toCompletableFuture());
        for (ConnectionListener listener : listeners) {
            listener.opened(connection);
        }
    }

    /**
     * Completes once the connection is closed and the registry has let it go (removed from the list, counts and
     * listeners told): what {@link #close}, {@link #awaitClosed} and {@link #awaitAllClosed} wait for, so a
     * {@link #list} after them never still shows the connection.
     */
    private static CompletableFuture<Void> gone(Channel channel) {
        CompletableFuture<Void> gone = channel.attr(GONE).get();
        return gone != null ? gone : SshConnection.of(channel).closeFuture().toCompletableFuture();
    }

    private static InetAddress sourceOf(SshConnection connection) {
        return connection.remoteAddress() instanceof InetSocketAddress
                ? ((InetSocketAddress) connection.remoteAddress()).getAddress() : null;
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
        return list(filter, DEFAULT_SNAPSHOT_TIMEOUT);
    }

    /**
     * Snapshots of every connection that matches {@code filter}; a connection whose event loop does not
     * answer within {@code timeout} is listed with what is known without it ({@link ConnectionInfo#complete()}
     * false, no channels), so the answer comes by the deadline however busy a loop is.
     */
    public CompletionStage<List<ConnectionInfo>> list(Predicate<ConnectionInfo> filter, Duration timeout) {
        List<Channel> live = new ArrayList<>(channels.values());
        List<CompletableFuture<ConnectionInfo>> snapshots = new ArrayList<>(live.size());
        for (Channel channel : live) {
            snapshots.add(snapshot(channel));
        }
        CompletableFuture<List<ConnectionInfo>> result = new CompletableFuture<>();
        Runnable collect = () -> {
            if (result.isDone()) {
                return;
            }
            List<ConnectionInfo> infos = new ArrayList<>(live.size());
            for (int i = 0; i < live.size(); i++) {
                CompletableFuture<ConnectionInfo> snapshot = snapshots.get(i);
                ConnectionInfo info = snapshot.isDone() && !snapshot.isCompletedExceptionally() ? snapshot.join() : null;
                if (info == null && !snapshot.isDone()) {
                    info = snapshotOffLoop(live.get(i));
                }
                if (info != null && filter.test(info)) {
                    infos.add(info);
                }
            }
            infos.sort(Comparator.comparing(ConnectionInfo::startedAt));
            result.complete(infos);
        };
        CompletableFuture.allOf(snapshots.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, error) -> collect.run());
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(collect);
        return result;
    }

    /** Every connection. */
    public CompletionStage<List<ConnectionInfo>> list() {
        return list(info -> true);
    }

    /** Blocking form of {@link #list()}, for operators' tools (JMX, the demo's admin command). */
    public List<ConnectionInfo> listNow(Duration timeout) throws Exception {
        return list(info -> true, timeout).toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
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
        Channel channel = channels.get(id);
        return channel == null ? CompletableFuture.completedFuture(false) : close(channel, reason);
    }

    private static CompletionStage<Boolean> close(Channel channel, String reason) {
        try {
            channel.eventLoop().execute(() -> ProtocolErrorHandler.disconnect(channel, DisconnectReason.BY_APPLICATION, reason));
        } catch (RejectedExecutionException stopped) {
            channel.close();
        }
        return gone(channel).thenApply(ignored -> true);
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

    /** Closes every connection as {@link #close} does; completes when all are gone. O(n). */
    public CompletionStage<Void> closeAll(String reason) {
        log.info("closing all {} connections: {}", channels.size(), reason);
        List<CompletableFuture<Boolean>> closing = new ArrayList<>(channels.size());
        for (Channel channel : channels.values()) {
            closing.add(close(channel, reason).toCompletableFuture());
        }
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * Waits until connection {@code id} is gone, at most {@code timeout}; true if it is gone. Blocks: never
     * call it from an event loop.
     *
     * @throws IllegalStateException when called from an event loop that serves connections
     */
    public boolean awaitClosed(String id, Duration timeout) throws InterruptedException {
        refuseOnEventLoop();
        Channel channel = channels.get(id);
        return channel == null || await(gone(channel), timeout);
    }

    /**
     * Waits until no connection is left, at most {@code timeout}; true if none is. O(n). Blocks: never call it
     * from an event loop.
     *
     * @throws IllegalStateException when called from an event loop that serves connections
     */
    public boolean awaitAllClosed(Duration timeout) throws InterruptedException {
        refuseOnEventLoop();
        List<CompletableFuture<Void>> closing = new ArrayList<>(channels.size());
        for (Channel channel : channels.values()) {
            closing.add(gone(channel));
        }
        return await(CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])), timeout) || channels.isEmpty();
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) throws InterruptedException {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private void refuseOnEventLoop() {
        for (EventLoop loop : loops) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException("awaiting connections from an event loop would block the connections it serves");
            }
        }
    }

    private Optional<Channel> channel(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    private static CompletableFuture<ConnectionInfo> snapshot(Channel channel) {
        CompletableFuture<ConnectionInfo> snapshot = new CompletableFuture<>();
        try {
            channel.eventLoop().execute(() -> snapshot.complete(snapshotOnLoop(channel)));
        } catch (RejectedExecutionException e) {
            snapshot.complete(null);
        }
        return snapshot;
    }

    /** What is known of a connection without its event loop: no channels, and the state as far as it shows. */
    private static ConnectionInfo snapshotOffLoop(Channel channel) {
        return snapshotOf(channel, List.of(), false);
    }

    private static ConnectionInfo snapshotOnLoop(Channel channel) {
        ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
        return snapshotOf(channel, handler == null ? List.of() : handler.channelSummaries(), true);
    }

    private static ConnectionInfo snapshotOf(Channel channel, List<ChannelSummary> open, boolean complete) {
        SshConnection connection = SshConnection.of(channel);
        AuthenticatedUser user = channel.attr(AuthenticatedUser.KEY).get();
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
                connection.lastActivity(), open, connection.bytesIn(), connection.bytesOut(), complete,
                user == null ? null : user.attachment());
    }
}
