package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.sshnetty.connection.ConnectionConfig;
import io.sshnetty.connection.message.ChannelData;
import io.sshnetty.connection.message.ChannelRequest;
import io.sshnetty.connection.message.ChannelSignal;
import io.sshnetty.connection.message.ChannelWindowAdjust;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * One "session" channel (RFC 4254 §6): its windows in both directions, its requests, and the command
 * that serves it. Lives on the connection's event loop; only {@link #write} is called from other threads.
 *
 * <p>Inbound, the client may send at most our window ahead of what the command has read; the window is
 * topped up as the command consumes. Outbound, data, EOF, requests and CLOSE leave in the order they were
 * queued; data waits for the client's window and for the socket's writability, and each write's future
 * completes when its last byte has been written to the socket.
 */
public final class SessionChannel {
    private static final Logger log = LoggerFactory.getLogger(SessionChannel.class);
    /** "env" requests beyond this many are refused: a client cannot grow a channel without bound. */
    public static final int MAX_ENVIRONMENT_VARIABLES = 256;
    /** Upper bound of a window, RFC 4254 §5.2 (uint32). */
    private static final long MAX_WINDOW = 0xFFFF_FFFFL;

    /** What leaves the channel, in order: data with the future of its write, or a control message. */
    private record Outbound(SshMessage control, ByteBuf data, int dataTypeCode, Promise<Void> promise) {
    }

    private final Host host;
    private final ChannelHandlerContext ctx;
    private final ConnectionConfig config;
    private final int localId;
    private final int remoteId;
    private final int remoteMaxPacket;
    private final ArrayDeque<Outbound> outbound = new ArrayDeque<>();

    private long remoteWindow;
    private long localWindow;
    private int unacknowledged;
    private boolean started;
    private boolean closeSent;
    private boolean closeReceived;
    private ChannelInputStream stdin;
    private CommandChannel io;
    private boolean outputClosed;
    private PtyRequest pty;
    private final Map<String, String> environment = new LinkedHashMap<>();

    /** What a channel needs from the connection that holds it. */
    public interface Host {
        /** The channel has sent and received CLOSE: forget it. */
        void channelClosed(SessionChannel channel);

        /** The authenticated user, for requests. */
        String user();

        String connectionId();

        java.net.SocketAddress remoteAddress();
    }

    public SessionChannel(Host host, ChannelHandlerContext ctx, ConnectionConfig config, int localId, int remoteId,
            long remoteWindow, int remoteMaxPacket) {
        this.host = host;
        this.ctx = ctx;
        this.config = config;
        this.localId = localId;
        this.remoteId = remoteId;
        this.remoteWindow = remoteWindow;
        this.remoteMaxPacket = Math.max(1, Math.min(remoteMaxPacket, config.maxPacketSize()));
        this.localWindow = config.windowSize();
    }

    public int localId() {
        return localId;
    }

    // --- from the client ---------------------------------------------------------------------------

    /** SSH_MSG_CHANNEL_DATA or _EXTENDED_DATA; {@code data} is a retained slice this channel now owns. */
    public void onData(ByteBuf data, boolean extended) {
        int length = data.readableBytes();
        if (length > localWindow || length > config.maxPacketSize()) {
            data.release();
            throw SshProtocolException.protocolError("channel " + localId + ": " + length
                    + " bytes of data exceed the window (" + localWindow + ") or the packet size");
        }
        localWindow -= length;
        if (closeReceived || closeSent) {
            data.release();
        } else if (extended || stdin == null) {
            // Extended data from a client has no meaning for a session (RFC 4254 §5.2); nor has data before a command.
            data.release();
            consumed(length);
        } else {
            stdin.offer(data);
        }
    }

    /** SSH_MSG_CHANNEL_WINDOW_ADJUST. */
    public void onWindowAdjust(int bytesToAdd) {
        remoteWindow = Math.min(MAX_WINDOW, remoteWindow + Integer.toUnsignedLong(bytesToAdd));
        drain();
    }

    /** SSH_MSG_CHANNEL_EOF: the command's stdin ends once it has read what came before. */
    public void onEof() {
        if (stdin != null) {
            stdin.endOfInput();
        }
    }

    /** SSH_MSG_CHANNEL_CLOSE: answer with CLOSE unless sent already, drop what is queued, and stop the command. */
    public void onClose() {
        closeReceived = true;
        abortOutbound(new ClosedChannelException());
        if (stdin != null) {
            stdin.abort();
        }
        if (!closeSent) {
            closeSent = true;
            ctx.writeAndFlush(new ChannelSignal(MessageNumbers.CHANNEL_CLOSE, remoteId));
        }
        host.channelClosed(this);
    }

    /** The connection is gone: release everything, fail pending writes, end the command's stdin. */
    public void onConnectionClosed() {
        closeReceived = true;
        closeSent = true;
        abortOutbound(new ClosedChannelException());
        if (stdin != null) {
            stdin.abort();
        }
    }

    /** SSH_MSG_CHANNEL_REQUEST; {@code payload} is positioned at the request-specific fields. */
    public void onRequest(ChannelRequest request, ByteBuf payload) {
        boolean accepted;
        switch (request.requestType()) {
            case "pty-req":
                accepted = !started && pty == null;
                PtyRequest requested = PtyRequest.decode(payload);
                if (accepted) {
                    pty = requested;
                }
                break;
            case "env":
                accepted = environment(Wire.readUtf8(payload), Wire.readUtf8(payload));
                break;
            case "exec": {
                String commandLine = Wire.readUtf8(payload);
                ExecHandler handler = config.handlers().exec().orElse(null);
                accepted = handler != null && !started
                        && start(handler.exec(new ExecRequest(commandLine, sessionInfo())), "exec " + commandLine);
                break;
            }
            case "shell": {
                ShellHandler handler = config.handlers().shell().orElse(null);
                accepted = handler != null && !started && start(handler.shell(sessionInfo()), "shell");
                break;
            }
            case "subsystem": {
                String name = Wire.readUtf8(payload);
                SubsystemHandler handler = config.handlers().subsystem(name).orElse(null);
                accepted = handler != null && !started && start(handler.subsystem(sessionInfo()), "subsystem " + name);
                break;
            }
            case "window-change": {
                WindowSize size = new WindowSize(Wire.readUint32(payload), Wire.readUint32(payload),
                        Wire.readUint32(payload), Wire.readUint32(payload));
                accepted = io != null && io.windowChange(size);
                break;
            }
            case "signal":
                accepted = io != null && io.signal(Wire.readAscii(payload));
                break;
            case "break":
                accepted = io != null && io.breakRequested(Wire.readUint32(payload));
                break;
            case "eow@openssh.com":
                // OpenSSH PROTOCOL §2.1: the client will write no more of our output; stop sending it.
                outputClosed = true;
                abortOutbound(new ClosedChannelException());
                accepted = true;
                break;
            default:
                accepted = false;
        }
        if (!accepted) {
            // RFC 4254 §5.4: a request we do not serve is refused; the channel and connection live on.
            log.debug("[{}] channel {}: refusing request {}", host.connectionId(), localId, request.requestType());
        }
        if (request.wantReply() && !closeSent) {
            ctx.writeAndFlush(new ChannelSignal(accepted ? MessageNumbers.CHANNEL_SUCCESS : MessageNumbers.CHANNEL_FAILURE,
                    remoteId));
        }
    }

    /** RFC 4254 §6.4: kept for the handler when the server's policy accepts the name. */
    private boolean environment(String name, String value) {
        if (started || environment.size() >= MAX_ENVIRONMENT_VARIABLES || !config.handlers().acceptsEnvironment(name)) {
            return false;
        }
        environment.put(name, value);
        return true;
    }

    private SessionInfo sessionInfo() {
        return new SessionInfo(host.user(), host.connectionId(), host.remoteAddress(), environment, pty);
    }

    /** Runs {@code command} on the command executor; false when there is none to run or no thread for it. */
    private boolean start(Command command, String description) {
        if (command == null) {
            return false;
        }
        started = true;
        stdin = new ChannelInputStream(bytes -> ctx.executor().execute(() -> consumed(bytes)));
        CommandChannel channelIo = new CommandChannel(stdin, new ChannelOutputStream(this, ChannelData.NOT_EXTENDED, ctx.alloc()),
                new ChannelOutputStream(this, ChannelData.EXTENDED_STDERR, ctx.alloc()), sessionInfo());
        try {
            config.commandExecutor().execute(() -> runCommand(command, channelIo, description));
        } catch (RejectedExecutionException e) {
            log.warn("[{}] channel {}: command executor refused {}", host.connectionId(), localId, description);
            started = false;
            stdin = null;
            return false;
        }
        io = channelIo;
        log.debug("[{}] channel {}: {}", host.connectionId(), localId, description);
        return true;
    }

    private void runCommand(Command command, CommandChannel io, String description) {
        int status;
        try {
            status = command.run(io);
            io.stdout().flush();
            io.stderr().flush();
        } catch (Exception e) {
            if (e instanceof IOException && (closeReceived || closeSent)) {
                log.debug("[{}] channel {}: command ended as the channel closed: {}", host.connectionId(), localId, e.toString());
            } else {
                log.warn("[{}] channel {}: {} failed", host.connectionId(), localId, description, e);
            }
            status = Command.FAILED_EXIT_STATUS;
        } catch (Error e) {
            log.error("[{}] channel {}: {} failed", host.connectionId(), localId, description, e);
            status = Command.FAILED_EXIT_STATUS;
        }
        int exitStatus = status;
        CommandChannel.ExitSignal signal = io.exitSignalReported();
        ctx.executor().execute(() -> finish(signal == null
                ? ChannelRequest.exitStatus(remoteId, exitStatus)
                : ChannelRequest.exitSignal(remoteId, signal.signal(), signal.coreDumped(), signal.message())));
    }

    /** The command is done: EOF, how it ended, CLOSE — after everything it wrote (RFC 4254 §6.10). */
    private void finish(ChannelRequest exit) {
        if (closeSent) {
            return;
        }
        queue(new ChannelSignal(MessageNumbers.CHANNEL_EOF, remoteId));
        queue(exit);
        queue(new ChannelSignal(MessageNumbers.CHANNEL_CLOSE, remoteId));
        drain();
    }

    // --- to the client -----------------------------------------------------------------------------

    /**
     * Queues {@code data} (ownership passes to the channel) for the client as stdout
     * ({@link ChannelData#NOT_EXTENDED}) or stderr ({@link ChannelData#EXTENDED_STDERR}). Safe from any
     * thread; the future completes once the last byte is written to the socket, or fails if the channel
     * closes first.
     */
    public Future<Void> write(ByteBuf data, int dataTypeCode) {
        Promise<Void> promise = ctx.executor().newPromise();
        Runnable task = () -> {
            if (closeSent || closeReceived || outputClosed) {
                data.release();
                promise.tryFailure(new ClosedChannelException());
                return;
            }
            outbound.add(new Outbound(null, data, dataTypeCode, promise));
            drain();
        };
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
        return promise;
    }

    private void queue(SshMessage control) {
        outbound.add(new Outbound(control, null, 0, null));
    }

    /** Sends what the client's window and the socket's writability allow; called again when either opens. */
    public void drain() {
        boolean wrote = false;
        while (!outbound.isEmpty() && ctx.channel().isWritable() && !closeSent) {
            Outbound head = outbound.peek();
            if (head.control != null) {
                outbound.poll();
                ctx.write(head.control, ctx.voidPromise());
                wrote = true;
                if (head.control.messageNumber() == MessageNumbers.CHANNEL_CLOSE) {
                    closeSent = true;
                    if (closeReceived) {
                        host.channelClosed(this);
                    }
                }
                continue;
            }
            if (remoteWindow == 0) {
                break;
            }
            ByteBuf data = head.data;
            int length = (int) Math.min(data.readableBytes(), Math.min(remoteWindow, remoteMaxPacket));
            remoteWindow -= length;
            wrote = true;
            if (length == data.readableBytes()) {
                outbound.poll();
                Promise<Void> promise = head.promise;
                ctx.write(new ChannelData(remoteId, head.dataTypeCode, data)).addListener(written -> {
                    if (written.isSuccess()) {
                        promise.trySuccess(null);
                    } else {
                        promise.tryFailure(written.cause());
                    }
                });
            } else {
                ctx.write(new ChannelData(remoteId, head.dataTypeCode, data.readRetainedSlice(length)), ctx.voidPromise());
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /** The command has taken {@code bytes} of the client's data: top the window up in batches. */
    private void consumed(int bytes) {
        if (closeSent || closeReceived) {
            return;
        }
        unacknowledged += bytes;
        // Like OpenSSH, adjust once half the window is used, so a steady stream needs few adjust messages.
        if (unacknowledged >= config.windowSize() / 2) {
            localWindow += unacknowledged;
            ctx.writeAndFlush(new ChannelWindowAdjust(remoteId, unacknowledged));
            unacknowledged = 0;
        }
    }

    private void abortOutbound(Throwable cause) {
        Outbound item;
        while ((item = outbound.poll()) != null) {
            if (item.data != null) {
                item.data.release();
                item.promise.tryFailure(cause);
            }
        }
    }
}
