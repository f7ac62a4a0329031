package io.sshnetty.transport.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.buffer.ByteBufHolder;
import io.sshnetty.transport.internal.wire.SshMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection: read back-pressure and the cap on what the server holds for a
 * peer that does not read. While the socket is not writable (its outbound bytes are above the high water
 * mark), nothing more is read from the peer, in every phase of the connection, so a peer cannot make us
 * write replies faster than it takes them. What is not driven by the peer's input (a command's output,
 * writes held during a key exchange) is bounded by {@link TransportLimits#maxPendingOutputBytes()}: beyond it
 * the connection is closed, without a DISCONNECT, which could not get past the backlog anyway.
 */
public final class BackPressureHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(BackPressureHandler.class);

    private final long maxPendingOutputBytes;

    public BackPressureHandler(long maxPendingOutputBytes) {
        this.maxPendingOutputBytes = maxPendingOutputBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setMessageSizeEstimator(SshMessageSizes.INSTANCE);
    }

    /**
     * Sizes what waits for the socket, for writability and the cap: messages held before encoding (during
     * a key exchange) by their estimated encoded size, rather than Netty's 8 bytes for an unknown object.
     */
    private static final class SshMessageSizes implements MessageSizeEstimator, MessageSizeEstimator.Handle {
        static final SshMessageSizes INSTANCE = new SshMessageSizes();
        private static final MessageSizeEstimator.Handle BUFFERS = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public Handle newHandle() {
            return this;
        }

        @Override
        public int size(Object msg) {
            if (msg instanceof ByteBufHolder) {
                return BUFFERS.size(msg);
            }
            return msg instanceof SshMessage ? ((SshMessage) msg).estimatedSize() : BUFFERS.size(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ReadGate gate = ReadGate.of(ctx.channel());
        if (ctx.channel().isWritable()) {
            gate.resume(ReadGate.Reason.OUTPUT_BACKLOG);
        } else {
            gate.pause(ReadGate.Reason.OUTPUT_BACKLOG);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        enforceCap(ctx.channel(), maxPendingOutputBytes);
    }

    /**
     * Closes {@code channel} when the bytes it holds for the peer (queued in the socket's outbound buffer,
     * and held back by handlers that count towards it) exceed {@code cap}; returns whether it did.
     */
    public static boolean enforceCap(Channel channel, long cap) {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        if (outbound == null || outbound.totalPendingWriteBytes() <= cap || !channel.isOpen()) {
            return false;
        }
        ConnectionState connection = ConnectionState.orNull(channel);
        log.debug("[{}] closing: {} bytes of output pending, over the cap of {}", connection,
                outbound.totalPendingWriteBytes(), cap);
        if (connection != null) {
            connection.closing("peer does not read: pending output over " + cap + " bytes");
        }
        channel.close();
        return true;
    }
}
