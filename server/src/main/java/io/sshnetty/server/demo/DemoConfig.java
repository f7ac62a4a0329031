package io.sshnetty.server.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * The demo server's options as a typed value, so a test starts the very server the command line does.
 *
 * @param bind           address to listen on
 * @param port           port to listen on; 0 for an ephemeral port
 * @param hostKeys       the host key files, at least one, of any supported type and format (unencrypted);
 *                       a missing file gets a generated ed25519 key in OpenSSH format
 * @param authorizedKeys the authorized_keys file that decides which keys may log in
 * @param kexAlgorithms  the key exchange methods offered, in order of preference; empty for the library's
 *                       defaults
 */
public record DemoConfig(String bind, int port, List<Path> hostKeys, Path authorizedKeys, List<String> kexAlgorithms) {
    public DemoConfig {
        hostKeys = List.copyOf(hostKeys);
        kexAlgorithms = List.copyOf(kexAlgorithms);
        if (hostKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one host key file");
        }
    }

    /** Several host key files and the default key exchange methods. */
    public DemoConfig(String bind, int port, List<Path> hostKeys, Path authorizedKeys) {
        this(bind, port, hostKeys, authorizedKeys, List.of());
    }

    /** One host key file and the default key exchange methods. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys) {
        this(bind, port, List.of(hostKey), authorizedKeys, List.of());
    }
}
