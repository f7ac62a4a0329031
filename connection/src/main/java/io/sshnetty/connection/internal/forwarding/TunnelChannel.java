package io.sshnetty.connection.internal.forwarding;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.sshnetty.connection.internal.channel.ChannelHost;
import io.sshnetty.connection.internal.channel.SshChannel;
import io.sshnetty.connection.internal.message.ChannelData;
import io.sshnetty.connection.internal.message.ChannelOpenConfirmation;
import io.sshnetty.connection.internal.message.ChannelSignal;
import io.sshnetty.transport.internal.wire.MessageNumbers;

/**
 * An SSH channel joined to a socket (RFC 4254 §7): what one side sends, the other receives. Both live on
 * the connection's event loop. Back-pressure both ways: the socket is read only while what waits for the
 * client's window stays under {@link ForwardingOptions#maxTunnelBacklog()}, and the client's data opens our window only once
 * the socket has written it, so what is held towards the socket never exceeds our window.
 *
 * <p>Each direction ends on its own, as TCP half-closes do: the socket's end of input becomes CHANNEL_EOF
 * (the socket still takes the client's data), the client's CHANNEL_EOF shuts down the socket's output
 * once what came before it is written (the socket is still read). The channel and the socket close when
 * both directions have ended, or at once when the socket fails or is closed outright.
 */
public final class TunnelChannel extends SshChannel {
    private final String type;
    /** Data from the socket held for the client beyond this pauses reading the socket. */
    private final int maxBacklog;
    private final String target;
    private Channel socket;
    /** The socket's last write: its output is shut down only after it (shutdown drops what is pending). */
    private ChannelFuture lastWrite;
    private boolean inputEnded;
    private boolean outputEnded;

    TunnelChannel(ChannelHost host, ChannelHandlerContext ctx, int localId, int windowSize, int maxPacketSize, int maxBacklog,
            String type, String target) {
        super(host, ctx, localId, windowSize, maxPacketSize);
        this.maxBacklog = maxBacklog;
        this.type = type;
        this.target = target;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String detail() {
        return target;
    }

    /** Joins the socket; it is read once {@link #startReading()} is called, when the channel is open. */
    void attach(Channel socket) {
        this.socket = socket;
        socket.pipeline().addLast(new SocketSide());
    }

    /** The client confirmed this channel, which we opened: start piping. */
    public void confirmed(ChannelOpenConfirmation confirmation) {
        opened(confirmation.senderChannel(), Integer.toUnsignedLong(confirmation.initialWindowSize()),
                confirmation.maximumPacketSize());
        startReading();
    }

    void startReading() {
        if (socket != null) {
            socket.config().setAutoRead(true);
        }
    }

    @Override
    protected void deliver(ByteBuf data, boolean extended) {
        int length = data.readableBytes();
        if (extended || socket == null || !socket.isActive() || outputEnded) {
            data.release();
            consumed(length);
            return;
        }
        lastWrite = socket.writeAndFlush(data);
        lastWrite.addListener(written -> {
            if (written.isSuccess()) {
                consumed(length);
            } else {
                socket.close();
            }
        });
    }

    /** The client sends no more: the socket's output ends after what the client sent before. */
    @Override
    public void onEof() {
        if (outputEnded || socket == null) {
            return;
        }
        outputEnded = true;
        if (lastWrite == null || lastWrite.isDone()) {
            shutdownOutput();
        } else {
            lastWrite.addListener(written -> shutdownOutput());
        }
    }

    private void shutdownOutput() {
        if (!socket.isActive()) {
            return;
        }
        if (inputEnded || !(socket instanceof DuplexChannel)) {
            socket.close();
        } else {
            ((DuplexChannel) socket).shutdownOutput();
        }
    }

    @Override
    protected void closed() {
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    protected void outboundDrained() {
        if (socket != null && socket.isActive() && !inputEnded && !socket.config().isAutoRead()) {
            socket.config().setAutoRead(true);
        }
    }

    /** The socket's side: its data to the client, its end of input as EOF, its close as CLOSE after that data. */
    private final class SocketSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext socketCtx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            write(data, ChannelData.NOT_EXTENDED);
            if (queuedBytes() > maxBacklog) {
                socketCtx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext socketCtx, Object event) {
            if (event instanceof ChannelInputShutdownEvent && !inputEnded && !isClosing()) {
                inputEnded = true;
                queue(new ChannelSignal(MessageNumbers.CHANNEL_EOF, remoteId()));
                drain();
                if (outputEnded) {
                    socketCtx.close(); // both ways done: channelInactive sends CLOSE
                }
            }
            socketCtx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext socketCtx) {
            if (isClosing()) {
                return;
            }
            if (inputEnded) {
                queue(new ChannelSignal(MessageNumbers.CHANNEL_CLOSE, remoteId()));
                drain();
            } else {
                finish();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext socketCtx, Throwable cause) {
            socketCtx.close();
        }
    }
}
