package io.sshnetty.transport.internal.packet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.transport.internal.cipher.NoneCipher;
import io.sshnetty.transport.internal.cipher.PacketCipher;
import io.sshnetty.transport.internal.compression.ZlibStream;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.packet.PacketListener;
import io.sshnetty.transport.wire.SshProtocolException;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The binary packet protocol, RFC 4253 §6: payloads in and out of packets, with padding, sequence numbers
 * and the negotiated {@link PacketCipher} of each direction.
 *
 * <p>Inbound, a small state machine (length, then body) decrypts and verifies in place in the receive
 * buffer and emits each payload as an {@link InboundPacket} holding a retained slice — no copy.
 * Outbound, each {@link SshMessage} is encoded straight into a pooled packet buffer, padded, and sealed in
 * place. New keys take effect exactly at SSH_MSG_NEWKEYS in each direction (RFC 4253 §7.3): the transport
 * stages them with {@link #stageInbound} and {@link #stageOutbound} and the codec switches right after the
 * NEWKEYS packet, so no packet is ever protected with the wrong keys whatever the timing of the pipeline.
 */
public final class PacketCodec extends ByteToMessageDecoder implements ChannelOutboundHandler {
    /** Largest packet_length accepted, RFC 4253 §6.1 requires 35000; OpenSSH accepts 256 KiB. */
    public static final int DEFAULT_MAX_PACKET_LENGTH = 256 * 1024;
    /** RFC 4253 §6: at least four bytes of padding. */
    private static final int MIN_PADDING = 4;

    private enum State { LENGTH, BODY, FAILED }

    private final int maxPacketLength;
    private final PacketListener listener;

    private PacketCipher inboundCipher = NoneCipher.INSTANCE;
    private PacketCipher outboundCipher = NoneCipher.INSTANCE;
    private PacketCipher stagedInbound;
    private PacketCipher stagedOutbound;
    private Compression inboundCompression = Compression.NONE;
    private Compression outboundCompression = Compression.NONE;
    private Compression stagedInboundCompression = Compression.NONE;
    private Compression stagedOutboundCompression = Compression.NONE;
    /** Delayed compression (zlib@openssh.com) waits for this: set when USERAUTH_SUCCESS is sent. */
    private boolean authenticated;
    private boolean resetInboundSequence;
    private boolean resetOutboundSequence;
    private int inboundSequence;
    private int outboundSequence;
    private long inboundPackets;
    private long outboundPackets;
    private long inboundBytes;
    private long outboundBytes;

    private State state = State.LENGTH;
    private int packetLength;
    private ConnectionState connection;

    public PacketCodec() {
        this(DEFAULT_MAX_PACKET_LENGTH, PacketListener.NONE);
    }

    public PacketCodec(int maxPacketLength, PacketListener listener) {
        this.maxPacketLength = maxPacketLength;
        this.listener = listener;
    }

    /** Keys for packets received after the peer's next SSH_MSG_NEWKEYS; strict KEX resets the sequence number there. */
    public void stageInbound(PacketCipher cipher, boolean resetSequence) {
        stageInbound(cipher, resetSequence, null, false);
    }

    /** Keys for packets sent after our next SSH_MSG_NEWKEYS; strict KEX resets the sequence number there. */
    public void stageOutbound(PacketCipher cipher, boolean resetSequence) {
        stageOutbound(cipher, resetSequence, null, false);
    }

    /**
     * Keys and compression (null for none) for packets received after the peer's next SSH_MSG_NEWKEYS; a
     * delayed compression starts only once USERAUTH_SUCCESS has been sent.
     */
    public void stageInbound(PacketCipher cipher, boolean resetSequence, ZlibStream compression, boolean delayed) {
        stagedInbound = cipher;
        resetInboundSequence = resetSequence;
        stagedInboundCompression = new Compression(compression, delayed);
    }

    /** As {@link #stageInbound(PacketCipher, boolean, ZlibStream, boolean)}, for packets we send after our NEWKEYS. */
    public void stageOutbound(PacketCipher cipher, boolean resetSequence, ZlibStream compression, boolean delayed) {
        stagedOutbound = cipher;
        resetOutboundSequence = resetSequence;
        stagedOutboundCompression = new Compression(compression, delayed);
    }

    /** One direction's compression: a zlib stream or none, and whether it waits for authentication. */
    private record Compression(ZlibStream stream, boolean delayed) {
        static final Compression NONE = new Compression(null, false);

        boolean active(boolean authenticated) {
            return stream != null && (!delayed || authenticated);
        }

        void end() {
            if (stream != null) {
                stream.end();
            }
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        inboundCompression.end();
        outboundCompression.end();
        stagedInboundCompression.end();
        stagedOutboundCompression.end();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        connection = ConnectionState.orNull(ctx.channel());
        super.handlerAdded(ctx);
    }

    /** Sequence number the next received packet will carry. */
    public int inboundSequence() {
        return inboundSequence;
    }

    public long inboundPackets() {
        return inboundPackets;
    }

    public long outboundPackets() {
        return outboundPackets;
    }

    /** Bytes received on the wire since the connection began, whole packets only. */
    public long inboundBytes() {
        return inboundBytes;
    }

    /** Bytes sent on the wire since the connection began. */
    public long outboundBytes() {
        return outboundBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodePacket(ctx, in, out);
        } catch (RuntimeException e) {
            // A bad MAC, length, padding or compressed payload ends the connection: nothing after it is decoded,
            // not even on the read that the channel's closing makes (a stateful cipher must not run again).
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodePacket(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.LENGTH) {
            if (in.readableBytes() < inboundCipher.lengthBlockSize()) {
                return;
            }
            packetLength = inboundCipher.decryptLength(inboundSequence, in);
            checkLength(packetLength);
            state = State.BODY;
        }
        int total = 4 + packetLength + inboundCipher.tagLength();
        if (in.readableBytes() < total) {
            return;
        }
        out.add(openPacket(ctx, in, total));
        state = State.LENGTH;
    }

    private void checkLength(int length) {
        if (length < 5 || length > maxPacketLength) {
            fail("packet length " + Integer.toUnsignedString(length) + " out of range");
        }
        int aligned = length + (inboundCipher.lengthIsAligned() ? 4 : 0);
        if (aligned % inboundCipher.blockSize() != 0) {
            fail("packet length " + length + " is not a multiple of the cipher block size");
        }
    }

    private InboundPacket openPacket(ChannelHandlerContext ctx, ByteBuf in, int total) {
        int start = in.readerIndex();
        int sequence = inboundSequence;
        inboundCipher.open(sequence, in, packetLength);
        int paddingLength = in.getUnsignedByte(start + 4);
        int payloadLength = packetLength - 1 - paddingLength;
        if (paddingLength < MIN_PADDING || payloadLength < 1) {
            fail("bad padding length " + paddingLength + " for packet length " + packetLength);
        }
        ByteBuf payload = in.retainedSlice(start + 5, payloadLength);
        in.skipBytes(total);
        if (inboundCompression.active(authenticated)) {
            try {
                ByteBuf inflated = inboundCompression.stream().decompress(payload, ctx.alloc());
                payload.release();
                payload = inflated;
            } catch (RuntimeException e) {
                payload.release();
                throw e;
            }
            if (!payload.isReadable()) {
                payload.release();
                fail("empty payload after decompression");
            }
        }
        inboundSequence++;
        inboundPackets++;
        inboundBytes += total;
        if (connection != null) {
            connection.countInbound(total);
        }
        try {
            listener.inbound(sequence, payload);
        } catch (RuntimeException e) { // the application's listener failed: the packet is not passed on
            payload.release();
            state = State.FAILED;
            throw e;
        }
        if (payload.getUnsignedByte(payload.readerIndex()) == MessageNumbers.NEWKEYS) {
            if (stagedInbound == null) {
                payload.release();
                fail("SSH_MSG_NEWKEYS before key exchange completed");
            }
            inboundCipher = stagedInbound;
            stagedInbound = null;
            inboundCompression.end();
            inboundCompression = stagedInboundCompression;
            stagedInboundCompression = Compression.NONE;
            if (resetInboundSequence) {
                inboundSequence = 0;
            }
        }
        return new InboundPacket(sequence, payload);
    }

    private void fail(String message) {
        state = State.FAILED;
        throw SshProtocolException.protocolError(message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof SshMessage)) {
            ctx.write(msg, promise);
            return;
        }
        SshMessage message = (SshMessage) msg;
        PacketCipher cipher = outboundCipher;
        ByteBuf packet = ctx.alloc().ioBuffer(5 + message.estimatedSize() + cipher.blockSize() + MIN_PADDING + cipher.tagLength());
        try {
            encode(message, packet);
        } catch (RuntimeException e) {
            packet.release();
            promise.tryFailure(new EncoderException(e));
            return;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        ctx.write(packet, promise);
    }

    private void encode(SshMessage msg, ByteBuf out) {
        PacketCipher cipher = outboundCipher;
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(0);
        int sequence = outboundSequence;
        if (outboundCompression.active(authenticated)) {
            ByteBuf plain = out.alloc().heapBuffer(msg.estimatedSize());
            try {
                msg.encode(plain);
                listener.outbound(sequence, plain);
                outboundCompression.stream().compress(plain, out);
            } finally {
                plain.release();
            }
        } else {
            msg.encode(out);
            if (listener != PacketListener.NONE) { // no slice object per packet when nobody listens
                listener.outbound(sequence, out.slice(start + 5, out.writerIndex() - start - 5));
            }
        }
        int payloadLength = out.writerIndex() - start - 5;
        int blockSize = cipher.blockSize();
        int aligned = (cipher.lengthIsAligned() ? 5 : 1) + payloadLength;
        int paddingLength = blockSize - aligned % blockSize;
        if (paddingLength < MIN_PADDING) {
            paddingLength += blockSize;
        }
        int length = 1 + payloadLength + paddingLength;
        out.setInt(start, length);
        out.setByte(start + 4, paddingLength);
        out.ensureWritable(paddingLength + cipher.tagLength());
        writePadding(out, paddingLength);
        cipher.seal(sequence, out, start);
        outboundSequence++;
        outboundPackets++;
        outboundBytes += out.writerIndex() - start;
        if (connection != null) {
            connection.countOutbound(out.writerIndex() - start);
        }
        if (msg.messageNumber() == MessageNumbers.NEWKEYS) {
            if (stagedOutbound == null) {
                throw new IllegalStateException("NEWKEYS sent with no keys staged");
            }
            outboundCipher = stagedOutbound;
            stagedOutbound = null;
            outboundCompression.end();
            outboundCompression = stagedOutboundCompression;
            stagedOutboundCompression = Compression.NONE;
            if (resetOutboundSequence) {
                outboundSequence = 0;
            }
        } else if (msg.messageNumber() == MessageNumbers.USERAUTH_SUCCESS) {
            // zlib@openssh.com (OpenSSH PROTOCOL §1.3): both directions compress from the next packet on.
            authenticated = true;
        }
    }

    // --- the rest of the outbound side passes through ------------------------------------------------

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
            ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    private static void writePadding(ByteBuf out, int length) {
        // Random padding, RFC 4253 §6; the ciphers in use need no cryptographic quality here.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int remaining = length;
        while (remaining >= 4) {
            out.writeInt(random.nextInt());
            remaining -= 4;
        }
        while (remaining-- > 0) {
            out.writeByte(random.nextInt());
        }
    }
}
