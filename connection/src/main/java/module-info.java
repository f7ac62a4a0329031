/**
 * SSH connection protocol (RFC 4254): sessions (exec, shell, subsystems), port and socket forwarding, the
 * channel events an application can watch. The handler, the channels' machinery and the wire messages are
 * the library's inside.
 */
module io.sshnetty.connection {
    requires transitive io.sshnetty.auth;
    requires io.netty.codec;
    requires io.netty.handler;
    requires transitive io.netty.resolver; // DnsSettings builds the forwarding resolver
    requires io.netty.resolver.dns;
    requires io.netty.transport.unix.common;
    requires org.slf4j;

    exports io.sshnetty.connection.channel;
    exports io.sshnetty.connection.forwarding;
    exports io.sshnetty.connection.session;

    exports io.sshnetty.connection.internal to io.sshnetty.sftp, io.sshnetty.server;
    exports io.sshnetty.connection.internal.channel to io.sshnetty.sftp, io.sshnetty.server;
    exports io.sshnetty.connection.internal.forwarding to io.sshnetty.server;
    exports io.sshnetty.connection.internal.message to io.sshnetty.sftp, io.sshnetty.server;
    exports io.sshnetty.connection.internal.session to io.sshnetty.sftp, io.sshnetty.server;
}
