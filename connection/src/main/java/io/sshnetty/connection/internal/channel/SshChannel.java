package io.sshnetty.connection.internal.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.sshnetty.connection.channel.ChannelSummary;
import io.sshnetty.connection.internal.message.ChannelData;
import io.sshnetty.connection.internal.message.ChannelRequest;
import io.sshnetty.connection.internal.message.ChannelSignal;
import io.sshnetty.connection.internal.message.ChannelWindowAdjust;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * One channel of the connection protocol (RFC 4254 §5): its windows in both directions, its outbound
 * queue, and the EOF/CLOSE handshake. Subclasses decide what the data means (a session's command, a
 * forwarded socket). Lives on the connection's event loop; only {@link #write} may be called from other
 * threads.
 *
 * <p>Inbound, the peer may send at most our window ahead of what the subclass has reported consumed;
 * the window is topped up once half of it has been consumed, as OpenSSH does. Outbound, data, EOF,
 * requests and CLOSE leave in the order they were queued; data only within the peer's window and while
 * the socket is writable, and each write's future completes when its last byte reaches the socket.
 */
public abstract class SshChannel {
    /** Upper bound of a window, RFC 4254 §5.2 (uint32). */
    private static final long MAX_WINDOW = 0xFFFF_FFFFL;
    /**
     * The smallest maximum packet size a peer may announce. Every real client announces 16 KiB or more
     * (OpenSSH and PuTTY 32 KiB); a tiny one only makes us frame each byte in its own packet, costing the
     * event loop a packet (and 30-odd bytes on the wire) per byte.
     */
    public static final long MIN_PEER_MAX_PACKET = 256;

    /** What leaves the channel, in order: data with the future of its write, or a control message. */
    private record Outbound(SshMessage control, ByteBuf data, int dataTypeCode, Promise<Void> promise) {
    }

    protected final ChannelHost host;
    protected final ChannelHandlerContext ctx;
    private final int localId;
    private final int windowSize;
    private final int maxPacketSize;
    private final ArrayDeque<Outbound> outbound = new ArrayDeque<>();

    private int remoteId;
    private int remoteMaxPacket;
    private long remoteWindow;
    private long localWindow;
    private long queuedBytes;
    private int unacknowledged;
    private boolean open;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean outputClosed;
    private long bytesIn;
    private long bytesOut;

    protected SshChannel(ChannelHost host, ChannelHandlerContext ctx, int localId, int windowSize, int maxPacketSize) {
        this.host = host;
        this.ctx = ctx;
        this.localId = localId;
        this.windowSize = windowSize;
        this.maxPacketSize = maxPacketSize;
        this.localWindow = windowSize;
    }

    /**
     * The channel is open both ways: the peer's number, window and packet size are known. The packet size
     * is the peer's uint32 (RFC 4254 §5.1), at least {@link #MIN_PEER_MAX_PACKET}; we send packets no larger
     * than it and no larger than our own maximum.
     */
    public void opened(int remoteId, long remoteWindow, int remoteMaxPacket) {
        long peerMaxPacket = Integer.toUnsignedLong(remoteMaxPacket);
        if (peerMaxPacket < MIN_PEER_MAX_PACKET) {
            throw SshProtocolException.protocolError("channel " + localId + ": maximum packet size " + peerMaxPacket
                    + " below " + MIN_PEER_MAX_PACKET);
        }
        this.remoteId = remoteId;
        this.remoteWindow = Math.min(MAX_WINDOW, remoteWindow);
        this.remoteMaxPacket = (int) Math.min(peerMaxPacket, maxPacketSize);
        this.open = true;
        drain();
    }

    /** Whether the peer's side is known: the channel has been confirmed both ways. */
    public final boolean isOpen() {
        return open;
    }

    public final int localId() {
        return localId;
    }

    protected final int remoteId() {
        return remoteId;
    }

    /** Our initial window, offered when the channel opens. */
    public final int windowSize() {
        return windowSize;
    }

    /** The largest data packet we accept, offered when the channel opens. */
    public final int maxPacketSize() {
        return maxPacketSize;
    }

    protected final boolean isClosing() {
        return closeSent || closeReceived;
    }

    // --- from the peer -----------------------------------------------------------------------------

    /** SSH_MSG_CHANNEL_DATA or _EXTENDED_DATA; {@code data} is a retained slice this channel now owns. */
    public final void onData(ByteBuf data, boolean extended) {
        int length = data.readableBytes();
        if (length > localWindow || length > maxPacketSize) {
            data.release();
            throw SshProtocolException.protocolError("channel " + localId + ": " + length
                    + " bytes of data exceed the window (" + localWindow + ") or the packet size");
        }
        localWindow -= length;
        bytesIn += length;
        if (isClosing()) {
            data.release();
        } else {
            deliver(data, extended);
        }
    }

    /**
     * The peer's data, owned by the subclass from here. The subclass reports it {@link #consumed} once
     * it has been taken, which is what opens the window again.
     */
    protected abstract void deliver(ByteBuf data, boolean extended);

    /** SSH_MSG_CHANNEL_WINDOW_ADJUST. */
    public final void onWindowAdjust(int bytesToAdd) {
        remoteWindow = Math.min(MAX_WINDOW, remoteWindow + Integer.toUnsignedLong(bytesToAdd));
        drain();
    }

    /** SSH_MSG_CHANNEL_EOF: the peer sends no more data. */
    public abstract void onEof();

    /** SSH_MSG_CHANNEL_REQUEST, decoded; a channel that serves no requests refuses every one. */
    public void onRequest(ChannelRequest request) {
        reply(request, false);
    }

    /** Answers a request that asked for a reply (RFC 4254 §5.4); a request with want-reply false gets none. */
    protected final void reply(ChannelRequest request, boolean accepted) {
        if (request.wantReply() && !closeSent) {
            ctx.writeAndFlush(new ChannelSignal(accepted ? MessageNumbers.CHANNEL_SUCCESS : MessageNumbers.CHANNEL_FAILURE,
                    remoteId));
        }
    }

    /** SSH_MSG_CHANNEL_CLOSE: answer with CLOSE unless sent already, drop what is queued, release. */
    public final void onClose() {
        closeReceived = true;
        abortOutbound();
        closed();
        if (!closeSent) {
            closeSent = true;
            ctx.writeAndFlush(new ChannelSignal(MessageNumbers.CHANNEL_CLOSE, remoteId));
        }
        host.channelClosed(this);
    }

    /** The connection is gone: release everything and fail pending writes. */
    public final void onConnectionClosed() {
        closeReceived = true;
        closeSent = true;
        abortOutbound();
        closed();
    }

    /** The channel is closing or the connection is gone: release what the subclass holds. Called once. */
    protected abstract void closed();

    /** The channel type, as opened. */
    public abstract String type();

    /** What the channel serves, for operators: a command, "shell", a subsystem, a forwarding target. */
    public abstract String detail();

    /** The channel as an operator sees it; on the event loop. */
    public final ChannelSummary summary() {
        return new ChannelSummary(localId, type(), detail(), bytesIn, bytesOut);
    }

    /**
     * Closes the channel from our side, at once: what is queued is dropped, the subclass releases what it
     * holds, and CLOSE is sent; the channel is forgotten when the client's CLOSE comes back.
     */
    public final void close() {
        if (closeSent) {
            return;
        }
        abortOutbound();
        closed();
        outputClosed = true;
        if (open) {
            closeSent = true;
            ctx.writeAndFlush(new ChannelSignal(MessageNumbers.CHANNEL_CLOSE, remoteId));
        }
    }

    // --- to the peer -------------------------------------------------------------------------------

    /**
     * Queues {@code data} (ownership passes to the channel) as channel data ({@link ChannelData#NOT_EXTENDED})
     * or extended data of a type (e.g. {@link ChannelData#EXTENDED_STDERR}). Safe from any thread; the future
     * completes once the last byte is written to the socket, or fails if the channel closes first.
     */
    public final Future<Void> write(ByteBuf data, int dataTypeCode) {
        Promise<Void> promise = ctx.executor().newPromise();
        Runnable task = () -> {
            if (isClosing() || outputClosed) {
                data.release();
                promise.tryFailure(new ClosedChannelException());
                return;
            }
            queuedBytes += data.readableBytes();
            outbound.add(new Outbound(null, data, dataTypeCode, promise));
            drain();
        };
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            try {
                ctx.executor().execute(task);
            } catch (RejectedExecutionException stopped) {
                // The event loop is shutting down: the data goes nowhere, but it must not leak.
                data.release();
                promise.tryFailure(new ClosedChannelException());
            }
        }
        return promise;
    }

    /** Queues a control message (EOF, a request, CLOSE) behind the data queued so far. */
    protected final void queue(SshMessage control) {
        if (!closeSent) {
            outbound.add(new Outbound(control, null, 0, null));
        }
    }

    /** Queues EOF, then {@code before} (e.g. exit-status), then CLOSE, behind everything already queued. */
    protected final void finish(SshMessage... beforeClose) {
        queue(new ChannelSignal(MessageNumbers.CHANNEL_EOF, remoteId));
        for (SshMessage message : beforeClose) {
            queue(message);
        }
        queue(new ChannelSignal(MessageNumbers.CHANNEL_CLOSE, remoteId));
        drain();
    }

    /** The peer will read no more of our data (OpenSSH's eow@openssh.com): drop it and refuse more. */
    protected final void stopOutput() {
        outputClosed = true;
        abortOutbound();
    }

    /** Whether data may still be written: the channel is not closing and the peer has not sent eow@openssh.com. */
    protected final boolean acceptsOutput() {
        return !isClosing() && !outputClosed;
    }

    /** Bytes of data queued and not yet sent. */
    protected final long queuedBytes() {
        return queuedBytes;
    }

    /** Called when the outbound queue has emptied; subclasses that paused a source resume it here. */
    protected void outboundDrained() {
    }

    /** Sends what the peer's window and the socket's writability allow; called again when either opens. */
    public final void drain() {
        boolean wrote = false;
        while (open && !outbound.isEmpty() && ctx.channel().isWritable() && !closeSent) {
            Outbound head = outbound.peek();
            if (head.control != null) {
                outbound.poll();
                ctx.write(head.control, ctx.voidPromise());
                wrote = true;
                if (head.control.messageNumber() == MessageNumbers.CHANNEL_CLOSE) {
                    closeSent = true;
                }
                continue;
            }
            if (remoteWindow == 0) {
                break;
            }
            ByteBuf data = head.data;
            int length = (int) Math.min(data.readableBytes(), Math.min(remoteWindow, remoteMaxPacket));
            remoteWindow -= length;
            queuedBytes -= length;
            bytesOut += length;
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
        if (outbound.isEmpty() && !isClosing()) {
            outboundDrained();
        }
    }

    /**
     * {@code bytes} of the peer's data have been taken: give them back to the window. As OpenSSH's
     * channel_check_window does, once more than three packets' worth is outstanding (received and not yet
     * given back) or less than half the window is left. Waiting for half the window instead left OpenSSH's
     * sftp, which keeps 64 writes of 32 KiB in flight, waiting on the window. On the event loop.
     */
    protected final void consumed(int bytes) {
        if (isClosing()) {
            return;
        }
        unacknowledged += bytes;
        if (unacknowledged > 0 && (windowSize - localWindow > 3L * maxPacketSize || localWindow < windowSize / 2)) {
            localWindow += unacknowledged;
            ctx.writeAndFlush(new ChannelWindowAdjust(remoteId, unacknowledged));
            unacknowledged = 0;
        }
    }

    /** Fails what is still queued; the exception is made only when there is something to fail (every close comes here). */
    private void abortOutbound() {
        ClosedChannelException closed = null;
        Outbound item;
        while ((item = outbound.poll()) != null) {
            if (item.data != null) {
                queuedBytes -= item.data.readableBytes();
                item.data.release();
                if (closed == null) {
                    closed = new ClosedChannelException();
                }
                item.promise.tryFailure(closed);
            }
        }
    }
}
