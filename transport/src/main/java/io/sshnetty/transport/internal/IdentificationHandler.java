package io.sshnetty.transport.internal;

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
 * active and reads the client's. Then fires {@link PeerIdentification} and removes itself; bytes that
 * followed the line go on to the packet codec.
 *
 * <p>RFC 4253 §4.2 lets only a server send other lines before its identification, so the client's first
 * line must begin with {@code SSH-}: an HTTP request, a PROXY header nobody asked for, or binary garbage is
 * refused at its first line (or at its first bytes that cannot begin one), not when the grace time ends.
 * That, a line longer than {@link #MAX_LINE_LENGTH}, or a protocol version other than 2.0 (or 1.99) is
 * answered with a plain-text line, as OpenSSH's sshd does — no binary packet can be sent before the version
 * is agreed — {@link InvalidIdentification} is fired for whoever counts them, and the connection is closed.
 */
public final class IdentificationHandler extends ByteToMessageDecoder {
    /** RFC 4253 §4.2: the identification line, CR LF included, is at most 255 bytes. */
    public static final int MAX_LINE_LENGTH = 255;
    private static final byte[] PREFIX = "SSH-".getBytes(StandardCharsets.US_ASCII);

    private static final Logger log = LoggerFactory.getLogger(IdentificationHandler.class);

    private final String ourIdentification;
    private boolean refused;

    public IdentificationHandler(String ourIdentification) {
        if (!ourIdentification.startsWith("SSH-2.0-") || ourIdentification.length() > MAX_LINE_LENGTH - 2) {
            throw new IllegalArgumentException("not an SSH-2.0 identification: " + ourIdentification);
        }
        this.ourIdentification = ourIdentification;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.copiedBuffer(ourIdentification + "\r\n", StandardCharsets.US_ASCII));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int prefix = Math.min(in.readableBytes(), PREFIX.length);
        for (int i = 0; i < prefix; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFIX[i]) {
                refuse(ctx, in, "not an SSH identification: " + printable(in));
                return;
            }
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
        accept(ctx, in, line);
    }

    /** The start of what the client sent, for the log: printable ASCII kept, the rest as dots. */
    private static String printable(ByteBuf in) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(in.readableBytes(), 32); i++) {
            int c = in.getByte(in.readerIndex() + i) & 0xff;
            text.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return text.toString();
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
        ctx.fireUserEventTriggered(new InvalidIdentification(reason));
        ctx.writeAndFlush(Unpooled.copiedBuffer("Invalid SSH identification string.\r\n", StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** The event fired once both identification lines are known; the exchange hash covers both (RFC 4253 §8). */
    public record PeerIdentification(String clientIdentification, String serverIdentification) {
    }

    /** The event fired when the client's identification is refused, just before the connection closes. */
    public record InvalidIdentification(String reason) {
    }
}
