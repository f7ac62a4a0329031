package io.sshnetty.server.internal;

import io.netty.channel.Channel;
import io.sshnetty.server.registry.ConnectionRegistry;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The server's way to register an accepted connection without {@link ConnectionRegistry} offering that to
 * applications: the registry hands its private registration here when its class initialises (the JDK's
 * "shared secrets" pattern), which happens before any registry exists.
 */
public final class RegistryAccess {
    private static volatile BiConsumer<ConnectionRegistry, Channel> register;

    private RegistryAccess() {
    }

    /** Called once, by {@link ConnectionRegistry}'s static initialiser. */
    public static void install(BiConsumer<ConnectionRegistry, Channel> registration) {
        if (register != null) {
            throw new IllegalStateException("registration already installed");
        }
        register = Objects.requireNonNull(registration);
    }

    /** Registers an accepted connection, whose {@link io.sshnetty.transport.SshConnection} is attached already. */
    public static void register(ConnectionRegistry registry, Channel channel) {
        register.accept(registry, channel);
    }
}
