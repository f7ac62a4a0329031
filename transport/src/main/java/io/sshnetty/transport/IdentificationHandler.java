package io.sshnetty.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The identification exchange, RFC 4253 §4.2: sends our {@code SSH-2.0-…} line as soon as the connection is
 * active and reads the client's, allowing a bounded number of other lines before it. Then fires
 * {@link PeerIdentification} and removes itself; bytes that followed the line go on to the packet codec.
 *
 * <p>A line longer than {@link #MAX_LINE_LENGTH}, too many lines, or a protocol version other than 2.0
 * (or 1.99) is answered with a plain-text line, as OpenSSH's sshd does — no binary packet can be sent
 * before the version is agreed — and the connection is closed.
 */
public final class IdentificationHandler extends ByteToMessageDecoder {
    /** RFC 4253 §4.2: the identification line, CR LF included, is at most 255 bytes. */
    public static final int MAX_LINE_LENGTH = 255;
    /** Lines other than the identification we accept before it (RFC 4253 §4.2 allows them only from servers). */
    public static final int DEFAULT_MAX_PRECEDING_LINES = 20;

    private static final Logger log = LoggerFactory.getLogger(IdentificationHandler.class);

    private final String ourIdentification;
    private final int maxPrecedingLines;
    private int linesSeen;
    private boolean refused;

    public IdentificationHandler(String ourIdentification) {
        this(ourIdentification, DEFAULT_MAX_PRECEDING_LINES);
    }

    public IdentificationHandler(String ourIdentification, int maxPrecedingLines) {
        if (!ourIdentification.startsWith("SSH-2.0-") || ourIdentification.length() > MAX_LINE_LENGTH - 2) {
            throw new IllegalArgumentException("not an SSH-2.0 identification: " + ourIdentification);
        }
        this.ourIdentification = ourIdentification;
        this.maxPrecedingLines = maxPrecedingLines;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.copiedBuffer(ourIdentification + "\r\n", StandardCharsets.US_ASCII));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (refused) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int searchable = Math.min(in.readableBytes(), MAX_LINE_LENGTH);
            int newline = in.indexOf(in.readerIndex(), in.readerIndex() + searchable, (byte) '\n');
            if (newline < 0) {
                if (in.readableBytes() >= MAX_LINE_LENGTH) {
                    refuse(ctx, in, "identification line longer than " + MAX_LINE_LENGTH + " bytes");
                }
                return;
            }
            int end = newline > in.readerIndex() && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
            String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
            in.readerIndex(newline + 1);
            if (line.startsWith("SSH-")) {
                accept(ctx, in, line);
                return;
            }
            if (++linesSeen > maxPrecedingLines) {
                refuse(ctx, in, "more than " + maxPrecedingLines + " lines before the identification");
                return;
            }
        }
    }

    private void accept(ChannelHandlerContext ctx, ByteBuf in, String line) {
        if (!(line.startsWith("SSH-2.0-") || line.startsWith("SSH-1.99-"))) {
            refuse(ctx, in, "protocol version not supported: " + line);
            return;
        }
        if (line.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            refuse(ctx, in, "identification line with control or non-ASCII characters");
            return;
        }
        // The event first: the transport must know both lines before the packets that follow reach it.
        ctx.fireUserEventTriggered(new PeerIdentification(line, ourIdentification));
        ctx.pipeline().remove(this);
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        refused = true;
        log.debug("{}: refusing connection: {}", ctx.channel().remoteAddress(), reason);
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.copiedBuffer("Invalid SSH identification string.\r\n", StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** The event fired once both identification lines are known; the exchange hash covers both (RFC 4253 §8). */
    public record PeerIdentification(String clientIdentification, String serverIdentification) {
    }
}
