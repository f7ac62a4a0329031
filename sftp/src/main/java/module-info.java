/**
 * SFTP (draft-ietf-secsh-filexfer-02, OpenSSH's version 3 and extensions) and legacy scp over a confined
 * root. The codec is the library's inside.
 */
module io.sshnetty.sftp {
    requires transitive io.sshnetty.connection;
    requires static com.sun.jna;
    requires org.slf4j;

    exports io.sshnetty.sftp.server;

    exports io.sshnetty.sftp.internal.codec to io.sshnetty.server;
}
