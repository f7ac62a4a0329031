package io.sshnetty.connection.session;

import java.util.Optional;

/**
 * The handlers a server has registered per session request type. A type with no handler is refused with
 * SSH_MSG_CHANNEL_FAILURE and the connection lives on.
 */
public final class SessionHandlers {
    private final ExecHandler exec;

    private SessionHandlers(ExecHandler exec) {
        this.exec = exec;
    }

    public static SessionHandlers none() {
        return new SessionHandlers(null);
    }

    /** A copy with {@code handler} serving "exec" requests. */
    public SessionHandlers withExec(ExecHandler handler) {
        return new SessionHandlers(handler);
    }

    public Optional<ExecHandler> exec() {
        return Optional.ofNullable(exec);
    }
}
