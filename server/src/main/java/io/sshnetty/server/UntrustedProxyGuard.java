package io.sshnetty.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.server.registry.AdmissionMetrics.Drop;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * On a server that expects the PROXY protocol from its trusted proxies, a connection from anyone else may
 * not send a header: that is a client trying to choose the address its limits, penalties, {@code from=} and
 * certificate {@code source-address} see. This handler looks at the first bytes only: a PROXY v1 or v2
 * signature closes the connection (counted and logged, rate-limited); anything else goes on untouched, and
 * the handler removes itself.
 */
final class UntrustedProxyGuard extends ByteToMessageDecoder {
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final Admission admission;

    UntrustedProxyGuard(Admission admission) {
        this.admission = admission;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        boolean v1 = startsWith(in, V1);
        boolean v2 = startsWith(in, V2);
        if (!v1 && !v2) {
            ctx.pipeline().remove(this);
            return;
        }
        if (in.readableBytes() < (v1 ? V1.length : V2.length)) {
            return;
        }
        in.skipBytes(in.readableBytes());
        ConnectionState connection = ConnectionState.of(ctx.channel());
        connection.closing("PROXY protocol header from an untrusted peer");
        admission.dropped(Drop.UNTRUSTED_PROXY_HEADER, ctx.channel().remoteAddress(),
                "PROXY protocol header from a peer outside the trusted proxies");
        ctx.close();
    }

    /** Whether what has arrived so far agrees with {@code signature} (a prefix of it, or all of it). */
    private static boolean startsWith(ByteBuf in, byte[] signature) {
        int n = Math.min(in.readableBytes(), signature.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
