package io.sshnetty.server.internal;

import io.sshnetty.server.registry.ConnectionInfo;
import io.sshnetty.server.registry.ConnectionRegistry;
import io.sshnetty.server.registry.ConnectionRegistryMXBean;
import io.sshnetty.server.registry.ConnectionTable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Exposes a {@link ConnectionRegistry} as {@link ConnectionRegistryMXBean} on the platform MBean server. */
public final class RegistryMBean implements ConnectionRegistryMXBean {
    private static final Logger log = LoggerFactory.getLogger(RegistryMBean.class);
    /** How long a JMX call waits for snapshots or for a connection to close. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionRegistry registry;
    private final ObjectName name;

    private RegistryMBean(ConnectionRegistry registry, ObjectName name) {
        this.registry = registry;
        this.name = name;
    }

    /**
     * Registers the registry under {@code io.sshnetty:type=ConnectionRegistry,name=<serverName>}; when that
     * name is taken (several servers in one JVM), under {@code <serverName>-2}, {@code -3}, ….
     */
    public static RegistryMBean register(ConnectionRegistry registry, String serverName) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int attempt = 1; ; attempt++) {
            String unique = attempt == 1 ? serverName : serverName + "-" + attempt;
            try {
                ObjectName name = new ObjectName("io.sshnetty:type=ConnectionRegistry,name=" + ObjectName.quote(unique));
                RegistryMBean bean = new RegistryMBean(registry, name);
                server.registerMBean(bean, name);
                return bean;
            } catch (InstanceAlreadyExistsException taken) {
                // try the next name
            } catch (Exception e) {
                throw new IllegalStateException("cannot register the connection registry with JMX", e);
            }
        }
    }

    public ObjectName objectName() {
        return name;
    }

    public void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (Exception e) {
            log.debug("unregistering {}: {}", name, e.toString());
        }
    }

    @Override
    public int getOpenConnections() {
        return registry.size();
    }

    @Override
    public int getUnauthenticatedConnections() {
        return registry.unauthenticated();
    }

    @Override
    public long getTotalConnections() {
        return registry.totalConnections();
    }

    @Override
    public long getAuthenticatedConnections() {
        return registry.totalAuthenticated();
    }

    @Override
    public long getHandshakes() {
        return registry.counters().handshakes();
    }

    @Override
    public long getRekeys() {
        return registry.counters().rekeys();
    }

    @Override
    public long getChannelsOpened() {
        return registry.counters().channelsOpened();
    }

    @Override
    public long getBytesIn() {
        return registry.counters().bytesInOfClosed() + registry.liveBytes(true);
    }

    @Override
    public long getBytesOut() {
        return registry.counters().bytesOutOfClosed() + registry.liveBytes(false);
    }

    @Override
    public java.util.Map<String, Long> getAuthSuccesses() {
        return registry.counters().authSuccesses();
    }

    @Override
    public java.util.Map<String, Long> getAuthFailures() {
        return registry.counters().authFailures();
    }

    @Override
    public java.util.Map<String, Long> getAdmissionDrops() {
        return registry.admission().drops();
    }

    @Override
    public java.util.Map<String, Long> getPenalties() {
        return registry.admission().penalties();
    }

    @Override
    public String[] listConnections() {
        try {
            List<ConnectionInfo> connections = registry.listNow(ConnectionRegistry.DEFAULT_SNAPSHOT_TIMEOUT);
            return connections.stream().map(ConnectionTable::line).toArray(String[]::new);
        } catch (Exception e) {
            throw new IllegalStateException("listing connections failed: " + e, e);
        }
    }

    @Override
    public boolean closeConnection(String id, String reason) {
        try {
            return registry.close(id, reason).toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("closing " + id + " failed: " + e, e);
        }
    }
}
