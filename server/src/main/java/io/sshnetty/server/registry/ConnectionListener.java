package io.sshnetty.server.registry;

import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.channel.ChannelSummary;
import io.sshnetty.transport.SshConnection;

/**
 * Told what happens to connections. Called on the connection's event loop: a listener must not block.
 * Every method has an empty default, so a listener implements only what it needs.
 */
public interface ConnectionListener {
    /** Accepted; listed from now on. */
    default void opened(SshConnection connection) {
    }

    default void authenticated(SshConnection connection, AuthenticatedUser user) {
    }

    default void channelOpened(SshConnection connection, ChannelSummary channel) {
    }

    default void channelClosed(SshConnection connection, ChannelSummary channel) {
    }

    /** Closed, with the reason: ours, the client's, or the network's. */
    default void closed(SshConnection connection, String reason) {
    }
}
