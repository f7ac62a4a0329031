package io.sshnetty.connection.forwarding;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty channel classes forwarded connections use, matching the event loops the server runs on
 * (epoll or NIO). Unix-domain sockets need epoll; without it their classes are {@code null} and
 * streamlocal forwarding is refused.
 */
public record SocketTransport(
        Class<? extends Channel> socket,
        Class<? extends ServerChannel> serverSocket,
        Class<? extends Channel> domainSocket,
        Class<? extends ServerChannel> serverDomainSocket) {

    /** NIO, no Unix-domain sockets. */
    public static SocketTransport nio() {
        return new SocketTransport(NioSocketChannel.class, NioServerSocketChannel.class, null, null);
    }

    public boolean hasDomainSockets() {
        return domainSocket != null && serverDomainSocket != null;
    }
}
