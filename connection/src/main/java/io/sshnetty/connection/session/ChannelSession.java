package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

/** What an event-loop {@link ChannelCommand} uses to talk to its channel. Every method on the event loop. */
public interface ChannelSession {
    /** The session: user, environment, terminal. */
    SessionInfo session();

    /** The connection's event loop, for timers and for work handed back from elsewhere. */
    EventExecutor executor();

    /** The connection's buffer allocator. */
    ByteBufAllocator alloc();

    /** Sends {@code data} as stdout; ownership passes. Completes when written to the socket. */
    Future<Void> write(ByteBuf data);

    /** Sends {@code data} as stderr (extended data type 1); ownership passes. */
    Future<Void> writeStderr(ByteBuf data);

    /** {@code bytes} of the client's data have been taken: the window opens again by that much. */
    void consumed(int bytes);

    /** Ends the command: EOF, exit-status and CLOSE, after everything written so far. */
    void exit(int status);

    /** Ends the command as killed by {@code signal} (RFC 4254 §6.10), after everything written so far. */
    void exitSignal(String signal, boolean coreDumped, String message);
}
