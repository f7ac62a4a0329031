package io.sshnetty.connection.session;

/**
 * What serves a session channel's exec, shell or subsystem request, in one of two styles:
 * <ul>
 *   <li>{@link ProcessCommand}: a blocking body on the server's command executor, with streams. Write one
 *       as a lambda through {@link #process}: {@code request -> Command.process(io -> ...)}.</li>
 *   <li>{@link ChannelCommand}: callbacks on the connection's event loop, buffers in and out, no thread.</li>
 * </ul>
 * The channel drives only the event-loop style; a process command runs inside an adapter built on it, so
 * every channel request (data, EOF, signal, window-change, break) reaches both styles the same way.
 */
public sealed interface Command permits ProcessCommand, ChannelCommand {
    /** The exit status reported when a process command throws, or cannot be started (sshd reports 255). */
    int FAILED_EXIT_STATUS = 255;

    /** A process-style command from a lambda: {@code Command.process(io -> { ...; return 0; })}. */
    static Command process(ProcessCommand body) {
        return body;
    }
}
