package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;

/**
 * A command served in the event-loop style: no thread of its own, every callback on the connection's
 * event loop, buffers in and writes out with futures. It must never block. Returned by a handler like a
 * process-style {@link Command}; the channel tells them apart.
 *
 * <p>Back-pressure: the client may send at most the channel's window ahead of what the command has
 * reported {@link ChannelSession#consumed consumed}; writes complete when the client's window and the
 * socket have taken them.
 */
public interface ChannelCommand extends Command {
    /** The request was accepted: the command may write from now on. */
    void start(ChannelSession session);

    /**
     * The client's data. The command owns {@code data} and releases it, and reports the bytes consumed
     * (at once, or later to hold the client back).
     */
    void onData(ByteBuf data);

    /** The client sends no more data. */
    default void onEof() {
    }

    /** A "signal" request (RFC 4254 §6.9), e.g. {@code TERM}. */
    default void onSignal(String signal) {
    }

    /** A "window-change" request (RFC 4254 §6.7). */
    default void onWindowChange(WindowSize size) {
    }

    /** The channel is closed: release what the command holds. No write succeeds any more. */
    default void onClose() {
    }

    /** Event-loop commands have no blocking body. */
    @Override
    default int run(CommandIo io) {
        throw new UnsupportedOperationException("an event-loop command is driven by its callbacks");
    }
}
