package io.sshnetty.server.demo;

import java.nio.file.Path;

/**
 * The demo server's options as a typed value, so a test starts the very server the command line does.
 *
 * @param bind           address to listen on
 * @param port           port to listen on; 0 for an ephemeral port
 * @param hostKey        the ed25519 host key file, generated in OpenSSH format when missing
 * @param authorizedKeys the authorized_keys file that decides which keys may log in
 * @param sftpRoot       the directory SFTP and scp are confined to, or {@code null} for the whole file
 *                       system as the server's user sees it, starting in its home
 */
public record DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Path sftpRoot) {
    /** Without an SFTP root. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys) {
        this(bind, port, hostKey, authorizedKeys, null);
    }
}
