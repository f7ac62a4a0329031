package io.sshnetty.connection.internal.channel;

import java.net.SocketAddress;

/** What a channel needs from the connection that holds it. */
public interface ChannelHost {
    /** The channel has sent and received CLOSE (RFC 4254 §5.3): forget it and free its number. */
    void channelClosed(SshChannel channel);

    /** The authenticated user. */
    String user();

    /** The connection's id, for log lines. */
    String connectionId();

    /** The client's address. */
    SocketAddress remoteAddress();

    /** The connection's port and agent forwarding. */
    io.sshnetty.connection.internal.forwarding.Forwarding forwarding();

    /** What the user's key (its authorized_keys options or certificate) allows; NONE for no restriction. */
    io.sshnetty.auth.publickey.KeyRestrictions restrictions();

    /** What the application attached to the connection when it authenticated the user, or null. */
    default Object attachment() {
        return null;
    }
}
