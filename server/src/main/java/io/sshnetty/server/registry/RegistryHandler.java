package io.sshnetty.server.registry;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sshnetty.auth.AuthAttempt;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.channel.ChannelEvent;
import io.sshnetty.transport.internal.KeyExchangeCompleted;
import io.sshnetty.transport.SshConnection;

/** Turns the pipeline's events into the registry's listener calls; sits just before the last handler. */
@ChannelHandler.Sharable
final class RegistryHandler extends ChannelInboundHandlerAdapter {
    private final ConnectionRegistry registry;

    RegistryHandler(ConnectionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        SshConnection connection = SshConnection.of(ctx.channel());
        if (event instanceof AuthenticatedUser) {
            registry.fireAuthenticated(connection, (AuthenticatedUser) event);
        } else if (event instanceof ChannelEvent) {
            ChannelEvent channelEvent = (ChannelEvent) event;
            registry.fireChannel(connection, channelEvent);
        } else if (event instanceof AuthAttempt) {
            registry.counters().attempt((AuthAttempt) event);
        } else if (event instanceof KeyExchangeCompleted) {
            registry.counters().keyExchange((KeyExchangeCompleted) event);
        }
        super.userEventTriggered(ctx, event);
    }
}
