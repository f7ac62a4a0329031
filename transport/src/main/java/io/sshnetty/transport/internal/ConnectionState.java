package io.sshnetty.transport.internal;

import io.netty.channel.Channel;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.kex.NegotiatedAlgorithms;
import io.sshnetty.transport.keys.SshPublicKey;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The library's side of {@link SshConnection}: the record the transport and the server write, attached to the
 * channel under {@link SshConnection#KEY}. Written on the connection's event loop; readable from any thread.
 */
public final class ConnectionState implements SshConnection {
    /** Ids count up from a random start, so ids of one process's restarts rarely meet; always positive. */
    private static final AtomicLong NEXT_ID = new AtomicLong((long) ThreadLocalRandom.current().nextInt(1 << 20) << 12);

    private final String id;
    private volatile SocketAddress remoteAddress;
    private final SocketAddress localAddress;
    private final Instant startedAt = Instant.now();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    private volatile long lastActivityMillis = System.currentTimeMillis();
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile String clientIdentification;
    private volatile byte[] sessionId;
    private volatile NegotiatedAlgorithms algorithms;
    private volatile SshPublicKey hostKey;

    private ConnectionState(String id, SocketAddress remoteAddress, SocketAddress localAddress) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
    }

    /** Creates the connection's record and attaches it to the channel. */
    public static ConnectionState attach(Channel channel) {
        ConnectionState connection = new ConnectionState(Long.toHexString(NEXT_ID.incrementAndGet()),
                channel.remoteAddress(), channel.localAddress());
        channel.attr(KEY).set(connection);
        return connection;
    }

    /** The state of a channel {@link #attach} was called on. */
    public static ConnectionState of(Channel channel) {
        return (ConnectionState) SshConnection.of(channel);
    }

    /** The state of a channel, or {@code null} before {@link #attach} (or on a channel that never had it). */
    public static ConnectionState orNull(Channel channel) {
        return (ConnectionState) channel.attr(KEY).get();
    }

    /** Short and unique within this process; the prefix of every log line about the connection. */
    public String id() {
        return id;
    }

    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The client's real address when a TCP load balancer announced it with the PROXY protocol; set before
     * the identification exchange, so every log line and decision sees it.
     */
    public void proxiedFrom(SocketAddress client) {
        this.remoteAddress = client;
    }

    public SocketAddress localAddress() {
        return localAddress;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String clientIdentification() {
        return clientIdentification;
    }

    /** The exchange hash of the first key exchange (RFC 4253 §7.2); {@code null} before it completes. */
    public byte[] sessionId() {
        byte[] id = sessionId;
        return id == null ? null : id.clone();
    }

    public NegotiatedAlgorithms algorithms() {
        return algorithms;
    }

    /** When a packet last arrived. */
    public Instant lastActivity() {
        return Instant.ofEpochMilli(lastActivityMillis);
    }

    /** Bytes received on the wire, whole packets. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Bytes sent on the wire. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Why the connection ended or is ending, once known. */
    public String closeReason() {
        return closeReason.get();
    }

    /** Records why the connection ends; the first reason given wins. */
    public void closing(String reason) {
        closeReason.compareAndSet(null, reason);
    }

    /** Completes when the connection is closed and every handler of its pipeline has seen it go. */
    public CompletionStage<Void> closeFuture() {
        return closed;
    }

    /** Called by the last handler of the pipeline once the connection is gone. */
    public void markClosed() {
        closing("connection closed");
        closed.complete(null);
    }

    /** Called by the packet codec for every packet, from the connection's event loop (single writer). */
    public void countInbound(int bytes) {
        bytesIn += bytes;
        lastActivityMillis = System.currentTimeMillis();
    }

    /** Called by the packet codec for every packet sent, from the connection's event loop (single writer). */
    public void countOutbound(int bytes) {
        bytesOut += bytes;
    }

    /** The public host key the server proved itself with in the last key exchange; {@code null} before one completes. */
    public SshPublicKey hostKey() {
        return hostKey;
    }

    public void clientIdentification(String line) {
        this.clientIdentification = line;
    }

    public void sessionId(byte[] sessionId) {
        this.sessionId = sessionId.clone();
    }

    public void algorithms(NegotiatedAlgorithms algorithms) {
        this.algorithms = algorithms;
    }

    public void hostKey(SshPublicKey hostKey) {
        this.hostKey = hostKey;
    }

    @Override
    public String toString() {
        return id;
    }
}
