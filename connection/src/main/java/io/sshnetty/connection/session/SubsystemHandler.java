package io.sshnetty.connection.session;

/**
 * Serves "subsystem" requests of one name, e.g. "sftp" (RFC 4254 §6.5). Called on the connection's
 * event loop, it must not block: it returns the {@link Command} that serves the subsystem, one per
 * request, or {@code null} to refuse it.
 */
@FunctionalInterface
public interface SubsystemHandler {
    Command subsystem(SessionInfo session);
}
