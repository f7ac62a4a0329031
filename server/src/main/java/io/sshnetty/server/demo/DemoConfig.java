package io.sshnetty.server.demo;

import java.nio.file.Path;

/**
 * The demo server's options as a typed value, so a test starts the very server the command line does.
 *
 * @param bind           address to listen on
 * @param port           port to listen on; 0 for an ephemeral port
 * @param hostKey        the ed25519 host key file, generated in OpenSSH format when missing
 * @param authorizedKeys the authorized_keys file that decides which keys may log in
 */
public record DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys) {
}
