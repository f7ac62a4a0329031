package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

/**
 * What an event-loop {@link ChannelCommand} uses to talk to its channel. Call it on the event loop; only
 * {@link #write} and {@link #writeStderr} may also be called from other threads.
 */
public interface ChannelSession {
    /** The session: user, environment, terminal. */
    SessionInfo session();

    /** The connection's event loop, for timers and for work handed back from elsewhere. */
    EventExecutor executor();

    /** The connection's buffer allocator. */
    ByteBufAllocator alloc();

    /**
     * Sends {@code data} as stdout; ownership passes. Completes when written to the socket. Data beyond the
     * client's window waits in the channel's queue: a producer keeps that small with {@link #isWritable()}.
     */
    Future<Void> write(ByteBuf data);

    /** Sends {@code data} as stderr (extended data type 1); ownership passes. */
    Future<Void> writeStderr(ByteBuf data);

    /**
     * Whether a write now would leave at once: nothing written earlier still waits for the client's window,
     * and the socket is writable. When this returns false, {@link ChannelCommand#onWritable()} is called once
     * it turns true again (never after the channel has closed or the client sent eow@openssh.com).
     */
    boolean isWritable();

    /** {@code bytes} of the client's data have been taken: the window opens again by that much. */
    void consumed(int bytes);

    /** Ends the command: EOF, exit-status and CLOSE, after everything written so far. */
    void exit(int status);

    /** Ends the command as killed by {@code signal} (RFC 4254 §6.10), after everything written so far. */
    void exitSignal(String signal, boolean coreDumped, String message);
}
