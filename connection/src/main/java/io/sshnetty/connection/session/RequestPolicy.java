package io.sshnetty.connection.session;

/**
 * Decides whether a session request may be served at all — "is this allowed?" — separately from the
 * handler that serves it. A refused request gets SSH_MSG_CHANNEL_FAILURE and the channel lives on. Called
 * on the connection's event loop: it must not block.
 */
@FunctionalInterface
public interface RequestPolicy {
    boolean allows(SessionRequest request);

    static RequestPolicy allowAll() {
        return request -> true;
    }
}
