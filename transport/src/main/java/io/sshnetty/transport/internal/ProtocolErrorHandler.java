package io.sshnetty.transport.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of every connection's pipeline. It turns an exception from any layer into the
 * connection's end: a protocol violation into SSH_MSG_DISCONNECT with its reason code and description
 * (RFC 4253 §11.1), logged once at debug; an I/O error into a quiet close; anything else into a
 * disconnect "internal error", logged at warn. It also drops, and releases, whatever reached the end of
 * the pipeline unhandled.
 */
public final class ProtocolErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProtocolErrorHandler.class);
    private static final AttributeKey<Boolean> DISCONNECTING = AttributeKey.valueOf(ProtocolErrorHandler.class, "disconnecting");
    /** How long the peer gets to take our DISCONNECT before the socket is closed regardless. */
    private static final long DISCONNECT_FLUSH_TIMEOUT_SECONDS = 5;

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ConnectionState connection = ConnectionState.orNull(ctx.channel());
        if (connection != null) {
            connection.markClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        log.debug("[{}] unhandled message dropped: {}", ctx.channel().attr(SshConnection.KEY).get(), msg);
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable error = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        Object id = ctx.channel().attr(SshConnection.KEY).get();
        if (error instanceof SshProtocolException) {
            SshProtocolException protocolError = (SshProtocolException) error;
            log.debug("[{}] disconnecting: {} ({})", id, protocolError.getMessage(), protocolError.reason());
            disconnect(ctx.channel(), protocolError.reason(), protocolError.getMessage());
        } else if (error instanceof IOException) {
            log.debug("[{}] connection error: {}", id, error.toString());
            ConnectionState connection = ConnectionState.orNull(ctx.channel());
            if (connection != null) {
                connection.closing("connection lost: " + error.getMessage());
            }
            ctx.close();
        } else {
            log.warn("[{}] internal error, disconnecting", id, error);
            disconnect(ctx.channel(), DisconnectReason.BY_APPLICATION, "internal error");
        }
    }

    /** Whether {@link #disconnect} has been called for the channel. */
    public static boolean isDisconnecting(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(DISCONNECTING).get());
    }

    /**
     * Sends SSH_MSG_DISCONNECT through the whole pipeline, then closes the connection once it is written
     * (or after a few seconds if the peer does not read). Only the first call on a connection has effect.
     */
    public static void disconnect(Channel channel, DisconnectReason reason, String description) {
        if (Boolean.TRUE.equals(channel.attr(DISCONNECTING).setIfAbsent(Boolean.TRUE)) || !channel.isActive()) {
            return;
        }
        ConnectionState connection = ConnectionState.orNull(channel);
        if (connection != null) {
            connection.closing(description);
        }
        channel.config().setAutoRead(false);
        channel.writeAndFlush(new Disconnect(reason, description)).addListener(written -> linger(channel));
        channel.eventLoop().schedule(() -> channel.close(), DISCONNECT_FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * After DISCONNECT: closing a socket with the peer's bytes unread makes the kernel send RST, and a client
     * still sending (window adjusts during a download) may then lose our DISCONNECT unread and report only
     * "connection reset". So FIN follows the DISCONNECT instead, and what the peer still sends is read and
     * dropped until it closes, or the timeout above closes the socket.
     */
    private static void linger(Channel channel) {
        if (!(channel instanceof DuplexChannel) || !channel.isActive()) {
            channel.close();
            return;
        }
        channel.pipeline().addFirst("disconnected", new DropInbound());
        ((DuplexChannel) channel).shutdownOutput().addListener(shut -> {
            if (shut.isSuccess()) {
                channel.config().setAutoRead(true);
            } else {
                channel.close();
            }
        });
    }

    /** Drops everything read once DISCONNECT has been sent; the end of input closes the channel. */
    private static final class DropInbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // nothing goes further
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
