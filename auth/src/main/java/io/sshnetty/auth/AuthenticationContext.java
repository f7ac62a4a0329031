package io.sshnetty.auth;

import io.sshnetty.transport.SshConnection;

import java.net.SocketAddress;

/** What an authenticator may know about the connection asking: its id, addresses, client software. */
public record AuthenticationContext(SshConnection connection) {
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    public String connectionId() {
        return connection.id();
    }
}
