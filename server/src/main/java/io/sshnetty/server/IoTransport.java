package io.sshnetty.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.sshnetty.connection.internal.forwarding.SocketTransport;

/**
 * Which of Netty's I/O transports the server's event loops use. {@link #AUTO} takes epoll where the OS
 * has it (the most proven native transport) and NIO otherwise; io_uring is chosen explicitly.
 */
public enum IoTransport {
    /** epoll when available, NIO otherwise. */
    AUTO,
    /** Linux epoll; Unix-domain sockets for streamlocal and agent forwarding. */
    EPOLL,
    /** Linux io_uring; Unix-domain sockets too. */
    IO_URING,
    /** Java NIO, everywhere; without Unix-domain sockets, so streamlocal and agent forwarding are refused. */
    NIO;

    /** The transport AUTO stands for here, or this one; fails clearly when it is not available. */
    IoTransport resolve() {
        switch (this) {
            case AUTO:
                return Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("epoll is not available", Epoll.unavailabilityCause());
                }
                return this;
            case IO_URING:
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("io_uring is not available", IoUring.unavailabilityCause());
                }
                return this;
            default:
                return this;
        }
    }

    IoHandlerFactory ioHandlerFactory() {
        switch (this) {
            case EPOLL:
                return EpollIoHandler.newFactory();
            case IO_URING:
                return IoUringIoHandler.newFactory();
            default:
                return NioIoHandler.newFactory();
        }
    }

    Class<? extends ServerChannel> serverChannel() {
        switch (this) {
            case EPOLL:
                return EpollServerSocketChannel.class;
            case IO_URING:
                return IoUringServerSocketChannel.class;
            default:
                return NioServerSocketChannel.class;
        }
    }

    /** The socket classes forwarded connections use on these event loops. */
    SocketTransport sockets() {
        switch (this) {
            case EPOLL:
                return new SocketTransport(EpollSocketChannel.class, EpollServerSocketChannel.class,
                        EpollDomainSocketChannel.class, EpollServerDomainSocketChannel.class, EpollDatagramChannel.class);
            case IO_URING:
                return new SocketTransport(IoUringSocketChannel.class, IoUringServerSocketChannel.class,
                        IoUringDomainSocketChannel.class, IoUringServerDomainSocketChannel.class, IoUringDatagramChannel.class);
            default:
                return SocketTransport.nio();
        }
    }
}
