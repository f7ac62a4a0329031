package io.sshnetty.connection.session;

/**
 * Serves "exec" requests (RFC 4254 §6.5). Called on the connection's event loop, it must not block: it
 * decides and returns the {@link Command} that will run, one object per request, or {@code null} to refuse
 * the request (the client gets SSH_MSG_CHANNEL_FAILURE and the connection lives on).
 */
@FunctionalInterface
public interface ExecHandler {
    Command exec(ExecRequest request);
}
