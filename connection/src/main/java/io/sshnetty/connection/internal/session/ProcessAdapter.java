package io.sshnetty.connection.internal.session;

import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.ProcessCommand;
import io.sshnetty.connection.session.WindowSize;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.SshConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link ProcessCommand} served as an event-loop command: the blocking body runs on the server's command
 * executor, reading the client's data through a {@link ChannelInputStream} and writing through
 * {@link ChannelOutputStream}s; the callbacks the channel makes reach it as stream ends and as the listeners
 * the body installed on its {@link CommandIo}. Its exit status (or exit signal) is sent once the body returns.
 */
final class ProcessAdapter implements ChannelCommand {
    private static final Logger log = LoggerFactory.getLogger(ProcessAdapter.class);

    private final ProcessCommand body;
    private final Executor executor;
    private final String description;
    private final int channelId;
    private ChannelSession session;
    private ChannelInputStream stdin;
    private CommandChannel io;
    /** Set on the event loop when the channel closes; read by the body's thread to tell an abort from a failure. */
    private volatile boolean closed;

    ProcessAdapter(ProcessCommand body, Executor executor, String description, int channelId) {
        this.body = body;
        this.executor = executor;
        this.description = description;
        this.channelId = channelId;
    }

    @Override
    public void start(ChannelSession started) {
        session = started;
        stdin = new ChannelInputStream(bytes -> onEventLoop(() -> session.consumed(bytes)));
        io = new CommandChannel(stdin, new ChannelOutputStream(session::write, session.alloc()),
                new ChannelOutputStream(session::writeStderr, session.alloc()), session.session());
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            // The executor is full (or stopping): the client sees the command fail, at once.
            log.debug("[{}] channel {}: no capacity for {}", connectionId(), channelId, description);
            session.exit(Command.FAILED_EXIT_STATUS);
        }
    }

    @Override
    public void onData(ChannelSession channel, ByteBuf data) {
        stdin.offer(data);
    }

    @Override
    public void onEof() {
        stdin.endOfInput();
    }

    @Override
    public boolean onSignal(String signal) {
        return io.signal(signal);
    }

    @Override
    public boolean onWindowChange(WindowSize size) {
        return io.windowChange(size);
    }

    @Override
    public boolean onBreak(int milliseconds) {
        return io.breakRequested(milliseconds);
    }

    @Override
    public void onClose() {
        closed = true;
        stdin.abort();
    }

    private String connectionId() {
        return session.session().connectionId();
    }

    /** On the executor's thread. */
    private void run() {
        // The command's own log lines carry its connection and user too (MDC keys as the server sets them).
        MDC.put(SshConnection.MDC_CONNECTION, connectionId());
        MDC.put(SshConnection.MDC_USER, session.session().user());
        try {
            runWithContext();
        } finally {
            MDC.remove(SshConnection.MDC_CONNECTION);
            MDC.remove(SshConnection.MDC_USER);
        }
    }

    private void runWithContext() {
        int status;
        try {
            status = body.run(io);
            io.stdout().flush();
            io.stderr().flush();
        } catch (Exception e) {
            if (e instanceof IOException && closed) {
                log.debug("[{}] channel {}: command ended as the channel closed: {}", connectionId(), channelId, e.toString());
            } else {
                log.warn("[{}] channel {}: {} failed", connectionId(), channelId, description, e);
            }
            status = Command.FAILED_EXIT_STATUS;
        } catch (Error e) {
            log.error("[{}] channel {}: {} failed", connectionId(), channelId, description, e);
            status = Command.FAILED_EXIT_STATUS;
        }
        int exitStatus = status;
        CommandChannel.ExitSignal signal = io.exitSignalReported();
        onEventLoop(() -> {
            if (signal == null) {
                session.exit(exitStatus);
            } else {
                session.exitSignal(signal.signal(), signal.coreDumped(), signal.message());
            }
        });
    }

    /** Hands work from the command's thread to the event loop; once the loop has stopped there is nothing to do. */
    private void onEventLoop(Runnable task) {
        try {
            session.executor().execute(task);
        } catch (RejectedExecutionException stopped) {
            log.debug("[{}] channel {}: event loop stopped", connectionId(), channelId);
        }
    }
}
