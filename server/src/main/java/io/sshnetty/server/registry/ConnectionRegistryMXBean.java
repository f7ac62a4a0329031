package io.sshnetty.server.registry;

/**
 * The registry as JMX shows it on the platform MBean server, under
 * {@code io.sshnetty:type=ConnectionRegistry,name=<server>}: counters, the list, close by id.
 */
public interface ConnectionRegistryMXBean {
    int getOpenConnections();

    int getUnauthenticatedConnections();

    long getTotalConnections();

    long getAuthenticatedConnections();

    long getHandshakes();

    long getRekeys();

    long getChannelsOpened();

    /** Bytes received by the connections open now and by those that have closed. */
    long getBytesIn();

    long getBytesOut();

    /** Successful authentication attempts per method. */
    java.util.Map<String, Long> getAuthSuccesses();

    /** Failed authentication attempts per method. */
    java.util.Map<String, Long> getAuthFailures();

    /** Connections refused or dropped by admission control since the start, by reason. */
    java.util.Map<String, Long> getAdmissionDrops();

    /** Penalties given to sources since the start, by kind. */
    java.util.Map<String, Long> getPenalties();

    /** One line per connection: id, user, remote address, state, channels, bytes in and out, start time. */
    String[] listConnections();

    /** Closes connection {@code id} with {@code reason}; true once it is closed, false if it was not live. */
    boolean closeConnection(String id, String reason);
}
