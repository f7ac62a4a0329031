package io.sshnetty.connection.forwarding;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.sshnetty.connection.channel.ChannelHost;
import io.sshnetty.connection.channel.SshChannel;
import io.sshnetty.connection.message.ChannelData;

/**
 * An SSH channel joined to a socket (RFC 4254 §7): what one side sends, the other receives. Both live on
 * the connection's event loop. Back-pressure both ways: the socket is read only while what waits for the
 * client's window stays under {@link #MAX_QUEUED_BYTES}, and the client's data opens our window only once
 * the socket has written it.
 */
public final class TunnelChannel extends SshChannel {
    /** Data from the socket held for the client beyond this pauses reading the socket. */
    static final int MAX_QUEUED_BYTES = 256 * 1024;

    private final String type;
    private final String target;
    private Channel socket;

    TunnelChannel(ChannelHost host, ChannelHandlerContext ctx, int localId, int windowSize, int maxPacketSize, String type,
            String target) {
        super(host, ctx, localId, windowSize, maxPacketSize);
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

    void startReading() {
        if (socket != null) {
            socket.config().setAutoRead(true);
        }
    }

    @Override
    protected void deliver(ByteBuf data, boolean extended) {
        int length = data.readableBytes();
        if (extended || socket == null || !socket.isActive()) {
            data.release();
            consumed(length);
            return;
        }
        socket.writeAndFlush(data).addListener(written -> {
            if (written.isSuccess()) {
                consumed(length);
            } else {
                socket.close();
            }
        });
    }

    @Override
    public void onEof() {
        if (socket instanceof DuplexChannel && socket.isActive()) {
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
        if (socket != null && socket.isActive() && !socket.config().isAutoRead()) {
            socket.config().setAutoRead(true);
        }
    }

    /** The socket's side: its data to the client, its end as EOF and CLOSE after that data. */
    private final class SocketSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext socketCtx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            write(data, ChannelData.NOT_EXTENDED);
            if (queuedBytes() > MAX_QUEUED_BYTES) {
                socketCtx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext socketCtx) {
            if (!isClosing()) {
                finish();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext socketCtx, Throwable cause) {
            socketCtx.close();
        }
    }
}
