package io.sshnetty.connection.session;

/**
 * Serves "shell" requests (RFC 4254 §6.5). Called on the connection's event loop, it must not block: it
 * returns the {@link Command} that runs the shell, one per request, or {@code null} to refuse it.
 */
@FunctionalInterface
public interface ShellHandler {
    Command shell(SessionInfo session);
}
