package io.sshnetty.connection.channel;

/**
 * Fired down the pipeline (as a user event) when a channel opens or closes, for whoever watches
 * connections, such as the server's registry.
 */
public record ChannelEvent(boolean opened, ChannelSummary channel) {
}
