package io.sshnetty.connection.session;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A command's side of its session channel. {@link #stdin()} ends at the client's EOF; {@link #stdout()}
 * is sent as channel data and {@link #stderr()} as extended data of type 1 (RFC 4254 §5.2). The streams
 * throw {@link java.io.IOException} once the channel is closed.
 *
 * <p>Listeners are called on the connection's event loop and must not block; each replaces the previous
 * one of its kind. Events that arrive before a listener is set are dropped, as for a process that has not
 * installed a signal handler.
 */
public interface CommandIo {
    InputStream stdin();

    OutputStream stdout();

    OutputStream stderr();

    /** The session the command serves: user, environment, terminal. */
    SessionInfo session();

    /**
     * "signal" requests (RFC 4254 §6.9): the signal name without "SIG", e.g. {@code TERM}, {@code INT}, or
     * {@code INFO} for OpenSSH's {@code INFO@openssh.com}.
     */
    void onSignal(Consumer<String> listener);

    /** "window-change" requests (RFC 4254 §6.7). */
    void onWindowChange(Consumer<WindowSize> listener);

    /** "break" requests (RFC 4335): the break length in milliseconds. */
    void onBreak(IntConsumer listener);

    /**
     * Reports that the command was ended by a signal: the client gets "exit-signal" (RFC 4254 §6.10)
     * instead of "exit-status", and the value {@link ProcessCommand#run} returns is not sent.
     *
     * @param signal     the signal name without "SIG", e.g. {@code TERM}
     * @param coreDumped whether a core was dumped
     * @param message    an error message for the user, may be empty
     */
    void exitSignal(String signal, boolean coreDumped, String message);
}
