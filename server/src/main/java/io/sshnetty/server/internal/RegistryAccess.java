package io.sshnetty.server.internal;

import io.netty.channel.Channel;
import io.sshnetty.server.registry.AdmissionMetrics;
import io.sshnetty.server.registry.ConnectionRegistry;

import java.util.Objects;

/**
 * The server's way to create a {@link ConnectionRegistry}, register accepted connections in it and count
 * admission control's drops and penalties in its {@link AdmissionMetrics}, without the registry offering any of
 * that to applications: the registry hands both here when its class initialises (the
 * JDK's "shared secrets" pattern).
 */
public final class RegistryAccess {
    /** What the registry lends the server. */
    public interface Operations {
        ConnectionRegistry create();

        void register(ConnectionRegistry registry, Channel channel);

        void dropped(AdmissionMetrics metrics, AdmissionMetrics.Drop drop);

        void penalised(AdmissionMetrics metrics, String kind);
    }

    private static volatile Operations operations;

    private RegistryAccess() {
    }

    /** Called once, by {@link ConnectionRegistry}'s static initialiser. */
    public static void install(Operations registryOperations) {
        if (operations != null) {
            throw new IllegalStateException("registry operations already installed");
        }
        operations = Objects.requireNonNull(registryOperations);
    }

    /** A new, empty registry. */
    public static ConnectionRegistry newRegistry() {
        return operations().create();
    }

    /** Registers an accepted connection, whose {@link io.sshnetty.transport.SshConnection} is attached already. */
    public static void register(ConnectionRegistry registry, Channel channel) {
        operations().register(registry, channel);
    }

    /** Counts a connection admission control refused or cut short. */
    public static void dropped(AdmissionMetrics metrics, AdmissionMetrics.Drop drop) {
        operations().dropped(metrics, drop);
    }

    /** Counts a penalty admission control gave. */
    public static void penalised(AdmissionMetrics metrics, String kind) {
        operations().penalised(metrics, kind);
    }

    private static Operations operations() {
        if (operations == null) {
            try {
                Class.forName(ConnectionRegistry.class.getName(), true, ConnectionRegistry.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return operations;
    }
}
