package io.sshnetty.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.transport.SshConnection;
import org.slf4j.MDC;

/**
 * Puts the connection's id (and, once known, its user) in SLF4J's MDC while the pipeline handles an event
 * of that connection, so every log line written meanwhile carries them: {@link SshConnection#MDC_CONNECTION} and
 * {@link SshConnection#MDC_USER}. First in the pipeline, so it wraps everything after it.
 */
@ChannelHandler.Sharable
final class MdcHandler extends ChannelDuplexHandler {
    private static final String CONNECTION = SshConnection.MDC_CONNECTION;
    private static final String USER = SshConnection.MDC_USER;
    static final MdcHandler INSTANCE = new MdcHandler();

    private MdcHandler() {
    }

    private static void enter(ChannelHandlerContext ctx) {
        SshConnection connection = ctx.channel().attr(SshConnection.KEY).get();
        if (connection != null) {
            MDC.put(CONNECTION, connection.id());
        }
        AuthenticatedUser user = ctx.channel().attr(AuthenticatedUser.KEY).get();
        if (user != null) {
            MDC.put(USER, user.user());
        }
    }

    private static void leave() {
        MDC.remove(CONNECTION);
        MDC.remove(USER);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        enter(ctx);
        try {
            ctx.fireChannelActive();
        } finally {
            leave();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        enter(ctx);
        try {
            ctx.fireChannelInactive();
        } finally {
            leave();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        enter(ctx);
        try {
            ctx.fireChannelRead(msg);
        } finally {
            leave();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        enter(ctx);
        try {
            ctx.fireUserEventTriggered(event);
        } finally {
            leave();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        enter(ctx);
        try {
            ctx.fireChannelWritabilityChanged();
        } finally {
            leave();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        enter(ctx);
        try {
            ctx.fireExceptionCaught(cause);
        } finally {
            leave();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
    }
}
