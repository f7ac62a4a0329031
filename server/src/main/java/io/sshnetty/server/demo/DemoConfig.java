package io.sshnetty.server.demo;

import java.nio.file.Path;
import java.util.Set;

/**
 * The demo server's options as a typed value, so a test starts the very server the command line does.
 *
 * @param bind           address to listen on
 * @param port           port to listen on; 0 for an ephemeral port
 * @param hostKey        the ed25519 host key file, generated in OpenSSH format when missing
 * @param authorizedKeys the authorized_keys file that decides which keys may log in
 * @param admins         users who may run the operator commands ({@code sshnetty connections}, {@code sshnetty close})
 */
public record DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Set<String> admins) {
    public DemoConfig {
        admins = Set.copyOf(admins);
    }

    /** No operators. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys) {
        this(bind, port, hostKey, authorizedKeys, Set.of());
    }
}
