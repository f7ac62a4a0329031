package io.sshnetty.server.registry;

/** Where a connection is in its life. */
public enum ConnectionState {
    /** Identification or the first key exchange. */
    KEX,
    /** Keys are in place; the user is not authenticated yet. */
    AUTH,
    /** Authenticated: the connection protocol runs. */
    OPEN,
    /** Disconnecting or closed. */
    CLOSING
}
