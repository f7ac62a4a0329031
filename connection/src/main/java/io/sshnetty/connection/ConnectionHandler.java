package io.sshnetty.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.message.ChannelOpen;
import io.sshnetty.connection.message.ChannelOpenConfirmation;
import io.sshnetty.connection.message.ChannelOpenFailure;
import io.sshnetty.connection.message.ChannelRequest;
import io.sshnetty.connection.message.GlobalRequest;
import io.sshnetty.connection.message.RequestFailure;
import io.sshnetty.connection.session.SessionChannel;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.message.Unimplemented;
import io.sshnetty.transport.packet.InboundPacket;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.ArrayList;

/**
 * The connection protocol, RFC 4254: the channel table, channel opens, global requests, and dispatch of
 * every channel message to its channel. Takes the place of the user-auth handler once the user is
 * authenticated.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter implements SessionChannel.Host {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ConnectionConfig config;
    private final IntObjectMap<SessionChannel> channels = new IntObjectHashMap<>();
    private ChannelHandlerContext ctx;
    private SshConnection connection;
    private String user;

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
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (SessionChannel channel : new ArrayList<>(channels.values())) {
            channel.onConnectionClosed();
        }
        channels.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            for (SessionChannel channel : new ArrayList<>(channels.values())) {
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

    private void dispatch(InboundPacket packet) {
        ByteBuf payload = packet.content();
        int number = packet.messageNumber();
        switch (number) {
            case MessageNumbers.GLOBAL_REQUEST:
                onGlobalRequest(GlobalRequest.decodeHead(payload));
                return;
            case MessageNumbers.CHANNEL_OPEN:
                onChannelOpen(ChannelOpen.decodeHead(payload));
                return;
            case MessageNumbers.CHANNEL_WINDOW_ADJUST: {
                SessionChannel channel = channel(skipNumber(payload));
                channel.onWindowAdjust(Wire.readUint32(payload));
                return;
            }
            case MessageNumbers.CHANNEL_DATA: {
                SessionChannel channel = channel(skipNumber(payload));
                channel.onData(Wire.readRetainedSlice(payload), false);
                return;
            }
            case MessageNumbers.CHANNEL_EXTENDED_DATA: {
                SessionChannel channel = channel(skipNumber(payload));
                Wire.readUint32(payload);
                channel.onData(Wire.readRetainedSlice(payload), true);
                return;
            }
            case MessageNumbers.CHANNEL_EOF:
                channel(skipNumber(payload)).onEof();
                return;
            case MessageNumbers.CHANNEL_CLOSE:
                channel(skipNumber(payload)).onClose();
                return;
            case MessageNumbers.CHANNEL_REQUEST: {
                ChannelRequest request = ChannelRequest.decodeHead(payload);
                channel(request.recipientChannel()).onRequest(request, payload);
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

    private static int skipNumber(ByteBuf payload) {
        Wire.readByte(payload);
        return Wire.readUint32(payload);
    }

    private SessionChannel channel(int localId) {
        SessionChannel channel = channels.get(localId);
        if (channel == null) {
            throw SshProtocolException.protocolError("message for unknown channel " + Integer.toUnsignedString(localId));
        }
        return channel;
    }

    private void onGlobalRequest(GlobalRequest request) {
        // RFC 4254 §4: requests we do not serve (keepalive@openssh.com among them) get REQUEST_FAILURE.
        if (request.wantReply()) {
            ctx.writeAndFlush(RequestFailure.INSTANCE);
        }
    }

    private void onChannelOpen(ChannelOpen open) {
        if (!"session".equals(open.channelType())) {
            ctx.writeAndFlush(new ChannelOpenFailure(open.senderChannel(), ChannelOpenFailure.UNKNOWN_CHANNEL_TYPE,
                    "unknown channel type " + open.channelType()));
            return;
        }
        if (channels.size() >= config.maxSessions()) {
            ctx.writeAndFlush(new ChannelOpenFailure(open.senderChannel(), ChannelOpenFailure.RESOURCE_SHORTAGE,
                    "too many sessions"));
            return;
        }
        int localId = freeChannelId();
        SessionChannel channel = new SessionChannel(this, ctx, config, localId, open.senderChannel(),
                Integer.toUnsignedLong(open.initialWindowSize()), open.maximumPacketSize());
        channels.put(localId, channel);
        log.debug("[{}] channel {} opened: session", connection, localId);
        ctx.writeAndFlush(new ChannelOpenConfirmation(open.senderChannel(), localId, config.windowSize(),
                config.maxPacketSize()));
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
    public void channelClosed(SessionChannel channel) {
        channels.remove(channel.localId());
        log.debug("[{}] channel {} closed", connection, channel.localId());
    }

    @Override
    public String user() {
        return user;
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
