package io.sshnetty.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.server.StartupSlots.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Takes the client's real address from a trusted proxy's PROXY protocol header (v1 or v2, decoded by Netty's
 * {@code HAProxyMessageDecoder} just before it), runs admission again for that address, and removes itself;
 * a LOCAL header (a health check) keeps the proxy's address. Only connections from the trusted proxy
 * networks get this handler; see {@link UntrustedProxyGuard} for the rest.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    private final Admission admission;
    private final Slot slot;

    ProxyProtocolHandler(Admission admission, Slot slot) {
        this.admission = admission;
        this.slot = slot;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HAProxyMessage header = (HAProxyMessage) msg;
        InetSocketAddress client = null;
        try {
            if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                client = new InetSocketAddress(header.sourceAddress(), header.sourcePort());
            }
        } finally {
            header.release();
            ctx.pipeline().remove(this);
        }
        if (client == null || client.isUnresolved()) {
            admission.readmit(slot, (InetSocketAddress) ctx.channel().remoteAddress());
            return;
        }
        ConnectionState connection = ConnectionState.of(ctx.channel());
        log.debug("[{}] PROXY protocol: client {} via {}", connection, client, ctx.channel().remoteAddress());
        connection.proxiedFrom(client);
        admission.readmit(slot, client);
    }

    /** A trusted peer that sends no valid header (a plain TCP check, a misconfigured proxy): closed, no stack trace. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable error = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (!(error instanceof HAProxyProtocolException) && !(cause instanceof HAProxyProtocolException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        ConnectionState connection = ConnectionState.of(ctx.channel());
        log.debug("[{}] no valid PROXY protocol header from {}: {}", connection, ctx.channel().remoteAddress(), error.getMessage());
        connection.closing("invalid PROXY protocol header");
        ctx.close();
    }
}
