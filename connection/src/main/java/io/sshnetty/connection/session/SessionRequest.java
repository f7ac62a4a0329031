package io.sshnetty.connection.session;

/**
 * A session request about to be served, for a {@link RequestPolicy} to allow or refuse.
 *
 * @param type    the request type: "pty-req", "exec", "shell" or "subsystem"
 * @param detail  the command (exec), the subsystem name (subsystem), the terminal type (pty-req), else null
 * @param session the session it arrived on
 */
public record SessionRequest(String type, String detail, SessionInfo session) {
}
