package io.sshnetty.connection.internal.forwarding;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty channel classes forwarded connections use, matching the event loops the server runs on
 * (epoll, io_uring or NIO): TCP sockets, Unix-domain sockets, and the UDP socket host names are resolved
 * through. Unix-domain sockets need a native transport; without it their classes are {@code null} and
 * streamlocal forwarding is refused.
 */
public record SocketTransport(
        Class<? extends Channel> socket,
        Class<? extends ServerChannel> serverSocket,
        Class<? extends Channel> domainSocket,
        Class<? extends ServerChannel> serverDomainSocket,
        Class<? extends DatagramChannel> datagramSocket) {

    /** NIO, no Unix-domain sockets. */
    public static SocketTransport nio() {
        return new SocketTransport(NioSocketChannel.class, NioServerSocketChannel.class, null, null,
                NioDatagramChannel.class);
    }

    public boolean hasDomainSockets() {
        return domainSocket != null && serverDomainSocket != null;
    }
}
