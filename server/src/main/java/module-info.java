/**
 * The server: {@link io.sshnetty.server.SshServer} and its builder, the I/O transport and socket options, and
 * the registry of live connections.
 */
module io.sshnetty.server {
    requires transitive io.sshnetty.connection;
    requires transitive io.sshnetty.sftp;
    requires io.netty.codec;
    requires io.netty.codec.haproxy;
    requires io.netty.handler;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires io.netty.transport.unix.common;
    requires java.management;
    requires org.slf4j;

    exports io.sshnetty.server;
    exports io.sshnetty.server.registry;

    // The registry's JMX bean is read by the platform MBean server through reflection.
    opens io.sshnetty.server.internal to java.management;
}
