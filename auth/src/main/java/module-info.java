/**
 * SSH user authentication (RFC 4252): the authenticators an application plugs in (public key, password,
 * keyboard-interactive), authorized_keys and certificates, and the outcome a session sees. The handler and
 * the wire messages are the library's inside.
 */
module io.sshnetty.auth {
    requires transitive io.sshnetty.transport;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports io.sshnetty.auth;
    exports io.sshnetty.auth.keyboard;
    exports io.sshnetty.auth.password;
    exports io.sshnetty.auth.publickey;

    exports io.sshnetty.auth.internal to io.sshnetty.connection, io.sshnetty.server;
    exports io.sshnetty.auth.internal.message to io.sshnetty.connection, io.sshnetty.server;
}
