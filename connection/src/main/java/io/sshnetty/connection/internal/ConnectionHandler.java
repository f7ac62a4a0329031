package io.sshnetty.connection.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.internal.message.ChannelOpen;
import io.sshnetty.connection.internal.message.ChannelOpenConfirmation;
import io.sshnetty.connection.internal.message.ChannelOpenFailure;
import io.sshnetty.connection.channel.ChannelEvent;
import io.sshnetty.connection.internal.channel.ChannelHost;
import io.sshnetty.connection.channel.ChannelSummary;
import io.sshnetty.connection.internal.channel.SshChannel;
import io.sshnetty.connection.internal.forwarding.Forwarding;
import io.sshnetty.connection.internal.forwarding.TunnelChannel;
import io.sshnetty.connection.internal.message.ChannelData;
import io.sshnetty.connection.internal.message.ChannelRequest;
import io.sshnetty.connection.internal.message.ChannelSignal;
import io.sshnetty.connection.internal.message.ChannelWindowAdjust;
import io.sshnetty.connection.internal.message.GlobalRequest;
import io.sshnetty.connection.internal.session.SessionChannel;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.internal.message.Unimplemented;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * The connection protocol, RFC 4254: the channel table, channel opens, global requests, and dispatch of
 * every channel message to its channel. Takes the place of the user-auth handler once the user is
 * authenticated. Replies to global requests leave in the order the requests came (RFC 4254 §4), even when
 * one is decided later than the next.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter implements ChannelHost, Forwarding.Channels {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ConnectionConfig config;
    private final IntObjectMap<SshChannel> channels = new IntObjectHashMap<>();
    private final ArrayDeque<CompletableFuture<SshMessage>> globalReplies = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private SshConnection connection;
    private String user;
    private io.sshnetty.auth.publickey.KeyRestrictions restrictions;
    private Object attachment;
    private Forwarding forwarding;
    private int sessions;
    private int tunnels;
    private boolean noMoreSessions;

    public ConnectionHandler(ConnectionConfig config) {
        this.config = config;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.connection = SshConnection.of(ctx.channel());
        AuthenticatedUser authenticated = ctx.channel().attr(AuthenticatedUser.KEY).get();
        if (authenticated == null) {
            throw new IllegalStateException("connection layer before authentication");
        }
        this.user = authenticated.user();
        this.restrictions = authenticated.restrictions();
        this.attachment = authenticated.attachment();
        this.forwarding = new Forwarding(ctx, this, config.forwarding(), config.sockets(), config.forwardingOptions(), this,
                config.windowSize(), config.maxPacketSize());
        // The connection layer starts when authentication succeeds: tell whoever watches connections.
        ctx.fireUserEventTriggered(authenticated);
    }

    /** Every open channel as an operator sees it. Call on the connection's event loop. */
    public List<ChannelSummary> channelSummaries() {
        List<ChannelSummary> summaries = new ArrayList<>();
        for (SshChannel channel : channels.values()) {
            summaries.add(channel.summary());
        }
        summaries.sort(java.util.Comparator.comparingInt(ChannelSummary::id));
        return summaries;
    }

    /** Closes one channel from our side; false if there is none with that number. On the event loop. */
    public boolean closeChannel(int localId) {
        SshChannel channel = channels.get(localId);
        if (channel == null) {
            return false;
        }
        channel.close();
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (SshChannel channel : new ArrayList<>(channels.values())) {
            channel.onConnectionClosed();
        }
        channels.clear();
        forwarding.close();
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            for (SshChannel channel : new ArrayList<>(channels.values())) {
                channel.drain();
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InboundPacket)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundPacket packet = (InboundPacket) msg;
        try {
            dispatch(packet);
        } finally {
            packet.release();
        }
    }

    /** Decodes the message (each decoder reads all of its fields) and hands it to its channel or handler. */
    private void dispatch(InboundPacket packet) {
        ByteBuf payload = packet.content();
        int number = packet.messageNumber();
        switch (number) {
            case MessageNumbers.GLOBAL_REQUEST:
                onGlobalRequest(GlobalRequest.decode(payload));
                return;
            case MessageNumbers.CHANNEL_OPEN:
                onChannelOpen(ChannelOpen.decode(payload));
                return;
            case MessageNumbers.CHANNEL_OPEN_CONFIRMATION: {
                ChannelOpenConfirmation confirmation = ChannelOpenConfirmation.decode(payload);
                opening(confirmation.recipientChannel()).confirmed(confirmation);
                return;
            }
            case MessageNumbers.CHANNEL_OPEN_FAILURE: {
                TunnelChannel channel = opening(ChannelOpenFailure.decode(payload).recipientChannel());
                channel.onConnectionClosed();
                unregister(channel);
                return;
            }
            case MessageNumbers.CHANNEL_WINDOW_ADJUST: {
                ChannelWindowAdjust adjust = ChannelWindowAdjust.decode(payload);
                channel(adjust.recipientChannel()).onWindowAdjust(adjust.bytesToAdd());
                return;
            }
            case MessageNumbers.CHANNEL_DATA:
            case MessageNumbers.CHANNEL_EXTENDED_DATA:
                onData(ChannelData.decode(payload));
                return;
            case MessageNumbers.CHANNEL_EOF:
                channel(ChannelSignal.decode(payload).recipientChannel()).onEof();
                return;
            case MessageNumbers.CHANNEL_CLOSE:
                channel(ChannelSignal.decode(payload).recipientChannel()).onClose();
                return;
            case MessageNumbers.CHANNEL_REQUEST: {
                ChannelRequest request = ChannelRequest.decode(payload);
                channel(request.recipientChannel()).onRequest(request);
                return;
            }
            case MessageNumbers.CHANNEL_SUCCESS:
            case MessageNumbers.CHANNEL_FAILURE:
            case MessageNumbers.REQUEST_SUCCESS:
            case MessageNumbers.REQUEST_FAILURE:
                // Answers to requests we never send with want-reply; nothing waits for them.
                return;
            default:
                if (number >= MessageNumbers.USERAUTH_REQUEST && number <= MessageNumbers.USERAUTH_LAST) {
                    return; // RFC 4252 §5.1: authentication requests after success are ignored
                }
                ctx.writeAndFlush(new Unimplemented(packet.sequenceNumber()));
        }
    }

    /** Channel data: its retained slice goes to the channel, which owns it from there. */
    private void onData(ChannelData data) {
        SshChannel channel = channels.get(data.recipientChannel());
        if (channel == null) {
            data.release();
            throw unknownChannel(data.recipientChannel());
        }
        channel.onData(data.content(), data.isExtended());
    }

    private SshChannel channel(int localId) {
        SshChannel channel = channels.get(localId);
        if (channel == null) {
            throw unknownChannel(localId);
        }
        return channel;
    }

    private static SshProtocolException unknownChannel(int localId) {
        return SshProtocolException.protocolError("message for unknown channel " + Integer.toUnsignedString(localId));
    }

    /** A channel we opened and the client has not answered yet. */
    private TunnelChannel opening(int localId) {
        SshChannel channel = channel(localId);
        if (!(channel instanceof TunnelChannel) || ((TunnelChannel) channel).isOpen()) {
            throw SshProtocolException.protocolError("open confirmation or failure for channel " + localId
                    + ", which is not being opened");
        }
        return (TunnelChannel) channel;
    }

    private void onGlobalRequest(GlobalRequest request) {
        CompletionStage<SshMessage> reply;
        if (request.type() instanceof GlobalRequest.NoMoreSessions) {
            // OpenSSH PROTOCOL §2.2: the client will open no more sessions; one that tries is an attacker.
            noMoreSessions = true;
            reply = CompletableFuture.completedFuture(Forwarding.GlobalReply.SUCCESS);
        } else {
            reply = forwarding.globalRequest(request.type());
        }
        if (reply == null) {
            // RFC 4254 §4: requests we do not serve (keepalive@openssh.com among them) get REQUEST_FAILURE.
            reply = CompletableFuture.completedFuture(Forwarding.GlobalReply.FAILURE);
        }
        if (!request.wantReply()) {
            return;
        }
        CompletableFuture<SshMessage> slot = new CompletableFuture<>();
        globalReplies.add(slot);
        reply.whenComplete((message, error) -> {
            slot.complete(error == null ? message : Forwarding.GlobalReply.FAILURE);
            sendGlobalReplies();
        });
    }

    /** Writes the replies that are decided, in request order. */
    private void sendGlobalReplies() {
        boolean wrote = false;
        while (!globalReplies.isEmpty() && globalReplies.peek().isDone()) {
            ctx.write(globalReplies.poll().join());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void onChannelOpen(ChannelOpen open) {
        if (Integer.toUnsignedLong(open.maximumPacketSize()) < SshChannel.MIN_PEER_MAX_PACKET) {
            ctx.writeAndFlush(new ChannelOpenFailure(open.senderChannel(), ChannelOpenFailure.ADMINISTRATIVELY_PROHIBITED,
                    "maximum packet size below " + SshChannel.MIN_PEER_MAX_PACKET));
            return;
        }
        if (Forwarding.isTunnel(open.type())) {
            forwarding.open(open);
            return;
        }
        if (!(open.type() instanceof ChannelOpen.Session)) {
            ctx.writeAndFlush(new ChannelOpenFailure(open.senderChannel(), ChannelOpenFailure.UNKNOWN_CHANNEL_TYPE,
                    "unknown channel type " + open.channelType()));
            return;
        }
        if (noMoreSessions) {
            throw SshProtocolException.protocolError("session opened after no-more-sessions@openssh.com");
        }
        if (sessions >= config.maxSessions()) {
            ctx.writeAndFlush(new ChannelOpenFailure(open.senderChannel(), ChannelOpenFailure.RESOURCE_SHORTAGE,
                    "too many sessions"));
            return;
        }
        int localId = freeChannelId();
        SessionChannel channel = new SessionChannel(this, ctx, config, localId);
        channels.put(localId, channel);
        sessions++;
        ctx.fireUserEventTriggered(new ChannelEvent(true, channel.summary()));
        channel.opened(open.senderChannel(), Integer.toUnsignedLong(open.initialWindowSize()), open.maximumPacketSize());
        log.debug("[{}] channel {} opened: session", connection, localId);
        ctx.writeAndFlush(new ChannelOpenConfirmation(open.senderChannel(), localId, config.windowSize(),
                config.maxPacketSize()));
    }

    @Override
    public TunnelChannel register(IntFunction<TunnelChannel> create) {
        if (tunnels >= ConnectionConfig.MAX_TUNNELS) {
            return null;
        }
        TunnelChannel channel = create.apply(freeChannelId());
        channels.put(channel.localId(), channel);
        tunnels++;
        ctx.fireUserEventTriggered(new ChannelEvent(true, channel.summary()));
        return channel;
    }

    @Override
    public void unregister(TunnelChannel channel) {
        if (channels.remove(channel.localId()) != null) {
            tunnels--;
            ctx.fireUserEventTriggered(new ChannelEvent(false, channel.summary()));
        }
    }

    /** The lowest id not in use, as sshd numbers its channels. */
    private int freeChannelId() {
        int id = 0;
        while (channels.containsKey(id)) {
            id++;
        }
        return id;
    }

    @Override
    public void channelClosed(SshChannel channel) {
        if (channels.remove(channel.localId()) != null) {
            if (channel instanceof SessionChannel) {
                sessions--;
            } else {
                tunnels--;
            }
            ctx.fireUserEventTriggered(new ChannelEvent(false, channel.summary()));
        }
        log.debug("[{}] channel {} closed", connection, channel.localId());
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public Forwarding forwarding() {
        return forwarding;
    }

    @Override
    public io.sshnetty.auth.publickey.KeyRestrictions restrictions() {
        return restrictions;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public String connectionId() {
        return connection.id();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }
}
