package io.sshnetty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.transport.internal.ProtocolErrorHandler;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * Acts on the idle events of the connection's {@code IdleStateHandler}: no traffic either way for the idle
 * timeout ends the connection; no traffic from the client for the keepalive interval sends a
 * keepalive@openssh.com request, and {@code keepaliveCountMax} of them unanswered in a row end it, as
 * sshd's ClientAliveInterval and ClientAliveCountMax do.
 */
final class TimeoutHandler extends ChannelInboundHandlerAdapter {
    private final int keepaliveCountMax;
    private int unanswered;

    TimeoutHandler(int keepaliveCountMax) {
        this.keepaliveCountMax = keepaliveCountMax;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof IdleStateEvent)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        IdleStateEvent idle = (IdleStateEvent) event;
        if (idle.state() == IdleState.ALL_IDLE) {
            ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.BY_APPLICATION, "idle timeout");
        } else if (idle.state() == IdleState.READER_IDLE && ctx.channel().attr(AuthenticatedUser.KEY).get() != null) {
            unanswered = idle.isFirst() ? 1 : unanswered + 1;
            if (unanswered > keepaliveCountMax) {
                ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.BY_APPLICATION, "Timeout, client not responding");
            } else {
                ctx.channel().writeAndFlush(Keepalive.INSTANCE);
            }
        }
    }

    /** A keepalive@openssh.com global request with want-reply; any answer counts (RFC 4254 §4). */
    private enum Keepalive implements SshMessage {
        INSTANCE;

        @Override
        public int messageNumber() {
            return MessageNumbers.GLOBAL_REQUEST;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(MessageNumbers.GLOBAL_REQUEST);
            Wire.writeAscii(out, "keepalive@openssh.com");
            Wire.writeBoolean(out, true);
        }
    }
}
