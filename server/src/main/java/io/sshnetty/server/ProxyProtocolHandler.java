package io.sshnetty.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.sshnetty.transport.SshConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Takes the client's real address from a PROXY protocol header (v1 or v2, decoded by Netty's
 * {@code HAProxyMessageDecoder} just before it) and removes itself; a LOCAL header (a health check)
 * keeps the load balancer's address.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HAProxyMessage header = (HAProxyMessage) msg;
        try {
            if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                SshConnection connection = SshConnection.of(ctx.channel());
                InetSocketAddress client = new InetSocketAddress(header.sourceAddress(), header.sourcePort());
                log.debug("[{}] PROXY protocol: client {} via {}", connection, client, ctx.channel().remoteAddress());
                connection.proxiedFrom(client);
            }
        } finally {
            header.release();
            ctx.pipeline().remove(this);
        }
    }
}
