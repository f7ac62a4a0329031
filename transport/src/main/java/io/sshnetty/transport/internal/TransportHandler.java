package io.sshnetty.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.transport.internal.IdentificationHandler.PeerIdentification;
import io.sshnetty.transport.internal.kex.ExchangeHashInput;
import io.sshnetty.transport.internal.kex.KexAlgorithm;
import io.sshnetty.transport.internal.kex.KexAlgorithms;
import io.sshnetty.transport.internal.kex.KexMethodMessage;
import io.sshnetty.transport.internal.kex.KexResult;
import io.sshnetty.transport.internal.kex.KexWorkers;
import io.sshnetty.transport.internal.kex.Negotiation;
import io.sshnetty.transport.internal.kex.Randomness;
import io.sshnetty.transport.internal.kex.ServerKexInit;
import io.sshnetty.transport.internal.kex.ServerKeyExchange;
import io.sshnetty.transport.internal.message.Debug;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.internal.message.ExtInfo;
import io.sshnetty.transport.internal.message.Ignore;
import io.sshnetty.transport.internal.message.KexInit;
import io.sshnetty.transport.internal.message.NewKeys;
import io.sshnetty.transport.internal.message.Ping;
import io.sshnetty.transport.internal.message.Pong;
import io.sshnetty.transport.internal.message.Unimplemented;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.internal.packet.PacketCodec;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.kex.NegotiatedAlgorithms;
import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The key exchange state machine and the transport's generic messages (RFC 4253 §7–§11).
 *
 * <p>Like Netty's {@code SslHandler}, it holds back higher-layer writes from the moment it sends
 * SSH_MSG_KEXINIT until it sends SSH_MSG_NEWKEYS, and writes them afterwards in order; they count towards
 * the channel's writability meanwhile, so writers that respect it are bounded. Messages of higher layers
 * (numbers 50 and up) are passed on only after the first key exchange, and never while the client is in a
 * key exchange. Strict KEX (OpenSSH PROTOCOL §1.10) and ext-info (RFC 8308) are negotiated here. The
 * server starts a new key exchange itself once the keys have carried {@link TransportConfig#rekeyAfterBytes()}
 * or are {@link TransportConfig#rekeyAfterTime()} old (RFC 4253 §9).
 */
public final class TransportHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(TransportHandler.class);

    private final TransportConfig config;
    private final PacketCodec codec;
    private final HostKeySelection hostKeys;

    private ChannelHandlerContext ctx;
    private ConnectionState connection;
    private PendingWriteQueue heldWrites;
    private PeerIdentification identification;

    private KexInit ourKexInit;
    private byte[] ourKexInitPayload;
    private KexInit peerKexInit;
    private byte[] peerKexInitPayload;
    private NegotiatedAlgorithms negotiated;
    private KexAlgorithm exchangeMethod;
    private ServerKeyExchange exchange;
    private boolean ignoreNextKexPacket;
    /** A key exchange step is computing on a worker: packets wait here, in order, and reading is paused. */
    private ArrayDeque<InboundPacket> waitingForStep;

    private boolean firstKexDone;
    /** Wire bytes (both directions) when the current keys took effect; the volume re-key limit counts from here. */
    private long bytesAtNewKeys;
    private ScheduledFuture<?> rekeyTimer;
    /** Ends a key exchange that does not finish in time; set while one is under way. */
    private ScheduledFuture<?> kexDeadline;
    /** USERAUTH_SUCCESS has passed on its way out: the peer is no longer anonymous. */
    private boolean authenticated;
    /** SSH_MSG_UNIMPLEMENTED replies sent before authentication. */
    private int unimplementedBeforeAuth;
    private boolean strictKex;
    private boolean extInfoClient;
    private byte[] sessionId;

    public TransportHandler(TransportConfig config, PacketCodec codec) {
        this.config = config;
        this.codec = codec;
        this.hostKeys = new HostKeySelection(config.hostKeys(), config.algorithms().sha1HostKeySignatures());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.connection = ConnectionState.of(ctx.channel());
        this.heldWrites = new PendingWriteQueue(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelRekeyTimer();
        cancelKexDeadline();
        releaseWaiting();
        failHeldWrites("transport removed");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelRekeyTimer();
        cancelKexDeadline();
        releaseWaiting();
        failHeldWrites("connection closed");
        super.channelInactive(ctx);
    }

    /** Fails the writes held during a key exchange; the exception is made only when there are some (every close comes here). */
    private void failHeldWrites(String why) {
        if (!heldWrites.isEmpty()) {
            heldWrites.removeAndFailAll(new IllegalStateException(why));
        }
    }

    /** Whether a key exchange is under way in either direction. */
    public boolean inKeyExchange() {
        return ourKexInit != null || peerKexInit != null;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof PeerIdentification) {
            identification = (PeerIdentification) event;
            connection.clientIdentification(identification.clientIdentification());
            log.debug("[{}] client identification: {}", connection, identification.clientIdentification());
            sendKexInit();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InboundPacket)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundPacket packet = (InboundPacket) msg;
        if (waitingForStep != null) {
            waitingForStep.add(packet); // at most one read's worth: reading is paused meanwhile
            return;
        }
        int number = packet.messageNumber();
        if (firstKexDone && peerKexInit != null && !isAllowedDuringRekey(number)) {
            packet.release();
            throw SshProtocolException.protocolError("message " + number + " during key re-exchange");
        }
        if (isForUpperLayers(number)) {
            if (!firstKexDone || peerKexInit != null) {
                packet.release();
                throw SshProtocolException.protocolError("message " + number + " during key exchange");
            }
            ctx.fireChannelRead(packet);
            rekeyIfDue();
            return;
        }
        try {
            handleTransport(packet, number);
        } finally {
            packet.release();
        }
        rekeyIfDue();
    }

    /** SERVICE_REQUEST and everything from 50 on, except ping@openssh.com's PING, belong to the layers above. */
    private static boolean isForUpperLayers(int number) {
        return number == MessageNumbers.SERVICE_REQUEST
                || !MessageNumbers.isTransport(number) && number != MessageNumbers.PING;
    }

    /**
     * ping@openssh.com (OpenSSH PROTOCOL): answers SSH2_MSG_PING with a PONG carrying the same data. A
     * PING before the first key exchange is completed, or during a key exchange, is dropped: a PONG may not be
     * sent then, and queueing PONGs until the exchange ends would let a client grow the queue without bound
     * (the pattern of CVE-2025-26466). For the same reason a PING is dropped while the socket is not writable,
     * so a client that sends PINGs and reads no PONGs cannot make the server buffer them.
     */
    private void onPing(Ping ping) {
        if (!firstKexDone || inKeyExchange() || !ctx.channel().isWritable()) {
            log.debug("[{}] PING dropped (key exchange, or socket not writable)", connection);
            return;
        }
        ctx.writeAndFlush(new Pong(ping.data()));
    }

    // --- re-keying (RFC 4253 §9) -----------------------------------------------------------------------

    /** Starts a key exchange when the current keys have carried the configured volume. */
    private void rekeyIfDue() {
        if (firstKexDone && !inKeyExchange() && ctx.channel().isActive()
                && codec.inboundBytes() + codec.outboundBytes() - bytesAtNewKeys >= config.rekeyAfterBytes()) {
            log.debug("[{}] re-keying after {} bytes", connection, codec.inboundBytes() + codec.outboundBytes() - bytesAtNewKeys);
            sendKexInit();
        }
    }

    private void scheduleRekeyTimer() {
        cancelRekeyTimer();
        rekeyTimer = ctx.executor().schedule(() -> {
            rekeyTimer = null;
            if (firstKexDone && !inKeyExchange() && ctx.channel().isActive()) {
                log.debug("[{}] re-keying after {}", connection, config.rekeyAfterTime());
                sendKexInit();
            }
        }, config.rekeyAfterTime().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelRekeyTimer() {
        if (rekeyTimer != null) {
            rekeyTimer.cancel(false);
            rekeyTimer = null;
        }
    }

    /**
     * Arms the deadline of the key exchange that is starting (by our KEXINIT, sent first or in answer):
     * {@link TransportLimits#firstKexTimeout()} for the first, {@link TransportLimits#rekeyTimeout()} after.
     */
    private void startKexDeadline() {
        if (kexDeadline != null) {
            return;
        }
        if (firstKexDone) {
            // A re-key holds our writes, which count toward writability: reading must go on meanwhile (the
            // first exchange holds none, since nothing above the transport writes before it ends).
            ReadGate.of(ctx.channel()).keyExchange(true);
        }
        Duration timeout = firstKexDone ? config.limits().rekeyTimeout() : config.limits().firstKexTimeout();
        kexDeadline = ctx.executor().schedule(() -> {
            kexDeadline = null;
            log.debug("[{}] key exchange not finished after {}", connection, timeout);
            ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.KEY_EXCHANGE_FAILED,
                    "key exchange not finished in " + timeout.toSeconds() + " s");
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelKexDeadline() {
        if (kexDeadline != null) {
            kexDeadline.cancel(false);
            kexDeadline = null;
        }
    }

    /** The transport's own messages: each is decoded into its record, then handled. */
    private void handleTransport(InboundPacket packet, int number) {
        ByteBuf payload = packet.content();
        if (strictKex && !firstKexDone && !isKexMessage(number)) {
            throw SshProtocolException.protocolError("strict KEX: unexpected message " + number + " during initial key exchange");
        }
        switch (number) {
            case MessageNumbers.DISCONNECT -> onDisconnect(Disconnect.decode(payload));
            case MessageNumbers.IGNORE -> Ignore.decode(payload); // RFC 4253 §11.2: well-formed, and ignored
            case MessageNumbers.DEBUG -> onDebug(Debug.decode(payload));
            case MessageNumbers.UNIMPLEMENTED -> onUnimplemented(Unimplemented.decode(payload));
            case MessageNumbers.EXT_INFO -> onExtInfo(ExtInfo.decode(payload));
            case MessageNumbers.KEXINIT -> onPeerKexInit(KexInit.decode(payload.duplicate()), packet);
            case MessageNumbers.NEWKEYS -> {
                NewKeys.decode(payload);
                onPeerNewKeys();
            }
            case MessageNumbers.PING -> onPing(Ping.decode(payload));
            default -> {
                if (number >= MessageNumbers.KEX_METHOD_FIRST && number <= MessageNumbers.KEX_METHOD_LAST) {
                    onKexMethodMessage(number, payload);
                } else {
                    countUnimplemented();
                    ctx.writeAndFlush(new Unimplemented(packet.sequenceNumber()));
                }
            }
        }
    }

    private void onDisconnect(Disconnect disconnect) {
        log.debug("[{}] client disconnected: {} ({})", connection, disconnect.description(), disconnect.reasonCode());
        connection.closing("client disconnected: " + disconnect.description());
        ctx.close();
    }

    private void onDebug(Debug debug) {
        log.debug("[{}] client debug message: {}", connection, debug.message());
    }

    private void onUnimplemented(Unimplemented unimplemented) {
        log.debug("[{}] client did not implement our packet {}", connection,
                Integer.toUnsignedString(unimplemented.rejectedSequenceNumber()));
    }

    /** A client's EXT_INFO (RFC 8308 §2.3; clients send one after ext-info-s): nothing in it changes what we do. */
    private void onExtInfo(ExtInfo extInfo) {
        log.debug("[{}] client extensions: {}", connection, extInfo.extensions().keySet());
    }

    /**
     * Once the peer has sent KEXINIT for a re-key, until its NEWKEYS: key exchange messages, and the
     * generic messages RFC 4253 §7.1 allows that ask nothing of us (DISCONNECT, IGNORE, DEBUG,
     * UNIMPLEMENTED). Its own stack holds everything else back then, as OpenSSH's does; a peer that sends
     * more is using the exchange, when our writes are held, to make us buffer.
     */
    private static boolean isAllowedDuringRekey(int number) {
        return isKexMessage(number) || number == MessageNumbers.DISCONNECT || number == MessageNumbers.IGNORE
                || number == MessageNumbers.DEBUG || number == MessageNumbers.UNIMPLEMENTED;
    }

    /**
     * Counts an SSH_MSG_UNIMPLEMENTED reply; before authentication, one more than
     * {@link TransportLimits#maxPreAuthUnimplemented()} ends the connection instead.
     */
    private void countUnimplemented() {
        if (!authenticated && ++unimplementedBeforeAuth > config.limits().maxPreAuthUnimplemented()) {
            throw SshProtocolException.protocolError("too many unrecognised messages before authentication");
        }
    }

    private static boolean isKexMessage(int number) {
        return number == MessageNumbers.KEXINIT || number == MessageNumbers.NEWKEYS
                || number >= MessageNumbers.KEX_METHOD_FIRST && number <= MessageNumbers.KEX_METHOD_LAST;
    }

    // --- key exchange ------------------------------------------------------------------------------

    private void sendKexInit() {
        startKexDeadline();
        byte[] cookie = new byte[KexInit.COOKIE_LENGTH];
        Randomness.current().nextBytes(cookie);
        // The name-lists are the configuration's, encoded once (ServerKexInit); only the cookie is ours.
        ServerKexInit.Prepared prepared = ServerKexInit.of(config, hostKeys::algorithms).prepare(cookie, !firstKexDone);
        ourKexInit = prepared.message();
        ourKexInitPayload = prepared.payload();
        ctx.writeAndFlush(ourKexInit);
    }

    /** The client's KEXINIT: {@code packet} holds it as received, for the exchange hash (RFC 4253 §8, I_C). */
    private void onPeerKexInit(KexInit kexInit, InboundPacket packet) {
        if (peerKexInit != null) {
            throw SshProtocolException.protocolError("KEXINIT during key exchange");
        }
        peerKexInitPayload = ByteBufUtil.getBytes(packet.content());
        peerKexInit = kexInit;
        if (!firstKexDone) {
            strictKex = peerKexInit.kexAlgorithms().contains(KexAlgorithms.STRICT_KEX_CLIENT);
            extInfoClient = peerKexInit.kexAlgorithms().contains(KexAlgorithms.EXT_INFO_CLIENT);
            if (strictKex && packet.sequenceNumber() != 0) {
                throw SshProtocolException.protocolError("strict KEX: KEXINIT was not the first packet");
            }
        }
        if (ourKexInit == null) {
            sendKexInit();
        }
        negotiated = Negotiation.negotiate(peerKexInit, ourKexInit);
        ignoreNextKexPacket = peerKexInit.firstKexPacketFollows() && !Negotiation.guessIsRight(peerKexInit, ourKexInit);
        HostKey hostKey = hostKeys.keyFor(negotiated.hostKey());
        ExchangeHashInput input = new ExchangeHashInput(identification.clientIdentification(),
                identification.serverIdentification(), peerKexInitPayload, ourKexInitPayload, hostKey, negotiated.hostKey());
        exchangeMethod = KexAlgorithms.byName(negotiated.kex()).orElseThrow();
        exchange = exchangeMethod.startServer(input);
        log.debug("[{}] negotiated {}", connection, negotiated);
    }

    /** A message of the negotiated method (30–49), decoded by the method, handled on a worker when there are workers. */
    private void onKexMethodMessage(int number, ByteBuf payload) {
        if (ignoreNextKexPacket) {
            ignoreNextKexPacket = false; // RFC 4253 §7: a wrongly guessed first packet is ignored
            return;
        }
        if (exchange == null || exchange.result() != null) {
            throw SshProtocolException.protocolError("key exchange message " + number + " out of sequence");
        }
        KexMethodMessage message = exchangeMethod.decode(payload);
        KexWorkers workers = config.kexWorkers();
        if (workers == null) {
            applyStep(exchange.handle(message));
            return;
        }
        ServerKeyExchange running = exchange;
        CompletableFuture<SshMessage> step = workers.submit(sourceAddress(), () -> running.handle(message));
        if (step == null) {
            throw new SshProtocolException(DisconnectReason.TOO_MANY_CONNECTIONS, "server busy: key exchange refused");
        }
        waitingForStep = new ArrayDeque<>();
        ReadGate.of(ctx.channel()).pause(ReadGate.Reason.KEY_EXCHANGE_STEP);
        step.whenComplete((reply, error) -> ctx.executor().execute(() -> stepDone(running, reply, error)));
    }

    /** Back on the event loop: sends the step's reply (or fails), then handles the packets that waited. */
    private void stepDone(ServerKeyExchange running, SshMessage reply, Throwable error) {
        ArrayDeque<InboundPacket> waiting = waitingForStep;
        waitingForStep = null;
        if (!ctx.channel().isActive() || running != exchange) {
            releaseAll(waiting);
            return;
        }
        ReadGate.of(ctx.channel()).resume(ReadGate.Reason.KEY_EXCHANGE_STEP);
        try {
            if (error != null) {
                throw error instanceof RuntimeException ? (RuntimeException) error : new IllegalStateException(error);
            }
            applyStep(reply);
        } catch (RuntimeException e) {
            releaseAll(waiting);
            ctx.fireExceptionCaught(e);
            return;
        }
        while (!waiting.isEmpty()) {
            InboundPacket next = waiting.poll();
            if (waitingForStep != null) {
                waitingForStep.add(next);
                continue;
            }
            try {
                channelRead(ctx, next);
            } catch (RuntimeException e) {
                releaseAll(waiting);
                ctx.fireExceptionCaught(e);
                return;
            }
        }
    }

    private void applyStep(SshMessage reply) {
        ctx.write(reply);
        KexResult result = exchange.result();
        if (result != null) {
            sendNewKeys(result);
        }
        ctx.flush();
    }

    private InetAddress sourceAddress() {
        return connection.remoteAddress() instanceof InetSocketAddress
                ? ((InetSocketAddress) connection.remoteAddress()).getAddress() : null;
    }

    private void releaseWaiting() {
        ArrayDeque<InboundPacket> waiting = waitingForStep;
        waitingForStep = null;
        releaseAll(waiting);
    }

    private static void releaseAll(ArrayDeque<InboundPacket> packets) {
        if (packets != null) {
            packets.forEach(InboundPacket::release);
            packets.clear();
        }
    }

    private void sendNewKeys(KexResult result) {
        if (sessionId == null) {
            sessionId = result.exchangeHash();
            connection.sessionId(sessionId);
        }
        SessionKeys.stage(codec, result, sessionId, negotiated, strictKex, config.maxPacketLength());
        ctx.write(NewKeys.INSTANCE);
        if (!firstKexDone && extInfoClient) {
            ctx.write(extInfo()); // RFC 8308 §2.4: the first message after our NEWKEYS
        }
        ourKexInit = null;
        ourKexInitPayload = null;
        heldWrites.removeAndWriteAll();
    }

    private ExtInfo extInfo() {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("server-sig-algs", String.join(",", PublicKeys.signatureAlgorithms()));
        // OpenSSH PROTOCOL, host-bound public key authentication: clients may bind their publickey signatures
        // to our host key (the auth layer checks the binding).
        extensions.put("publickey-hostbound@openssh.com", "0");
        extensions.put("ping@openssh.com", "0"); // OpenSSH PROTOCOL: version 0 of the extension
        return new ExtInfo(extensions);
    }

    private void onPeerNewKeys() {
        // The codec has already switched to the staged keys; it refuses NEWKEYS when none were staged.
        connection.algorithms(negotiated);
        connection.hostKey(hostKeys.keyFor(negotiated.hostKey()).publicKey());
        peerKexInit = null;
        peerKexInitPayload = null;
        exchangeMethod = null;
        exchange = null;
        cancelKexDeadline();
        ReadGate.of(ctx.channel()).keyExchange(false);
        bytesAtNewKeys = codec.inboundBytes() + codec.outboundBytes();
        scheduleRekeyTimer();
        boolean first = !firstKexDone;
        if (first) {
            firstKexDone = true;
            log.debug("[{}] key exchange complete{}", connection, strictKex ? " (strict)" : "");
        } else {
            log.debug("[{}] re-key complete", connection);
        }
        ctx.fireUserEventTriggered(new KeyExchangeCompleted(connection.algorithms(), first));
    }

    // --- outbound ----------------------------------------------------------------------------------

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof SshMessage && ((SshMessage) msg).messageNumber() == MessageNumbers.USERAUTH_SUCCESS) {
            authenticated = true;
        }
        if (msg instanceof Unimplemented && !authenticated) {
            // An upper layer's answer to a message it does not know: it counts like ours.
            try {
                countUnimplemented();
            } catch (SshProtocolException tooMany) {
                ReferenceCountUtil.release(msg);
                promise.trySuccess();
                ProtocolErrorHandler.disconnect(ctx.channel(), tooMany.reason(), tooMany.getMessage());
                return;
            }
        }
        if (ourKexInit != null && msg instanceof SshMessage
                && !MessageNumbers.isAllowedDuringKex(((SshMessage) msg).messageNumber())) {
            heldWrites.add(msg, promise);
            // Held writes count towards the connection's pending output, and are bounded with it.
            BackPressureHandler.enforceCap(ctx.channel(), config.limits().maxPendingOutputBytes());
            return;
        }
        ctx.write(msg, promise);
        if (msg instanceof SshMessage) {
            rekeyIfDue();
        }
    }
}
