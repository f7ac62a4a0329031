package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;

/**
 * A command served in the event-loop style: no thread of its own, buffers in and writes out with futures.
 * <b>Every callback runs on the connection's event loop</b>, one at a time, and must never block; work
 * that blocks goes elsewhere and comes back through {@link ChannelSession#executor()}.
 *
 * <p>Each channel request reaches the command through exactly one callback. Those that return a boolean
 * answer the request: {@code true} is SSH_MSG_CHANNEL_SUCCESS, {@code false} SSH_MSG_CHANNEL_FAILURE (when
 * the client asked for a reply, RFC 4254 §5.4). A new request type is one callback here and one case in
 * the channel's dispatch.
 *
 * <p>Back-pressure, inbound: the client may send at most the channel's window ahead of what the command
 * has reported {@link ChannelSession#consumed consumed}. Outbound: a producer writes while
 * {@link ChannelSession#isWritable()} and resumes in {@link #onWritable()}, so it never queues more than a
 * write ahead of the client's window and the socket.
 */
public non-sealed interface ChannelCommand extends Command {
    /** The request was accepted and answered: the command may write from now on. On the event loop. */
    void start(ChannelSession session);

    /**
     * The client's data (channel data; extended data has no meaning for a session and never arrives here).
     * The command owns {@code data} and releases it, and reports the bytes consumed, at once or later to
     * hold the client back. By default the data is discarded and reported consumed, so the window keeps
     * opening. On the event loop.
     *
     * @param session the session {@link #start} was given
     */
    default void onData(ChannelSession session, ByteBuf data) {
        int bytes = data.readableBytes();
        data.release();
        session.consumed(bytes);
    }

    /** The client sends no more data (SSH_MSG_CHANNEL_EOF). On the event loop. */
    default void onEof() {
    }

    /**
     * A "signal" request (RFC 4254 §6.9): the name without "SIG", e.g. {@code TERM}, {@code INT}, or
     * {@code INFO} for OpenSSH's {@code INFO@openssh.com}. On the event loop.
     *
     * @return whether the signal was delivered; by default it is accepted and ignored
     */
    default boolean onSignal(String signal) {
        return true;
    }

    /**
     * A "window-change" request (RFC 4254 §6.7). On the event loop.
     *
     * @return whether the command took the new size; by default it is accepted and ignored
     */
    default boolean onWindowChange(WindowSize size) {
        return true;
    }

    /**
     * A "break" request (RFC 4335): the break length in milliseconds. On the event loop.
     *
     * @return whether a break was performed; by default none is, and the client is told so
     */
    default boolean onBreak(int milliseconds) {
        return false;
    }

    /**
     * The session has turned writable again after {@link ChannelSession#isWritable()} returned false: the
     * client's window has opened and the socket has room. Called once per such turn. On the event loop.
     */
    default void onWritable() {
    }

    /** The channel is closed: release what the command holds. No write succeeds any more. On the event loop. */
    default void onClose() {
    }
}
