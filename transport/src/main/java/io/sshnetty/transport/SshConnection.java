package io.sshnetty.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.sshnetty.transport.kex.NegotiatedAlgorithms;
import io.sshnetty.transport.keys.SshPublicKey;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * What is known about one connection, kept as an attribute of its Netty channel: an id given at accept
 * time and what the transport learned since. Readable from any thread; only the library writes it (the
 * library attaches its own implementation to every connection; an application does not implement this).
 */
public interface SshConnection {
    AttributeKey<SshConnection> KEY = AttributeKey.valueOf(SshConnection.class, "connection");
    /** The SLF4J MDC key of the connection's id, set while its events are handled and its commands run. */
    String MDC_CONNECTION = "sshnetty.connection";
    /** The SLF4J MDC key of the authenticated user, likewise. */
    String MDC_USER = "sshnetty.user";

    /** The connection of a channel the server accepted. */
    static SshConnection of(Channel channel) {
        SshConnection connection = channel.attr(KEY).get();
        if (connection == null) {
            throw new IllegalStateException("channel has no SshConnection attached");
        }
        return connection;
    }

    /** Short and unique within this process; the prefix of every log line about the connection. */
    String id();

    /**
     * The client's address: its real one when a TCP load balancer announced it with the PROXY protocol (known
     * before the identification exchange, so every log line and decision sees it).
     */
    SocketAddress remoteAddress();

    SocketAddress localAddress();

    Instant startedAt();

    /** The client's identification line; {@code null} before it arrived. */
    String clientIdentification();

    /** The exchange hash of the first key exchange (RFC 4253 §7.2); {@code null} before it completes. */
    byte[] sessionId();

    /** What the last key exchange settled on; {@code null} before one completes. */
    NegotiatedAlgorithms algorithms();

    /** When a packet last arrived. */
    Instant lastActivity();

    /** Bytes received on the wire, whole packets. */
    long bytesIn();

    /** Bytes sent on the wire. */
    long bytesOut();

    /** Why the connection ended or is ending, once known. */
    String closeReason();

    /** Completes when the connection is closed and every handler of its pipeline has seen it go. */
    CompletionStage<Void> closeFuture();

    /** The public host key the server proved itself with in the last key exchange; {@code null} before one completes. */
    SshPublicKey hostKey();
}
