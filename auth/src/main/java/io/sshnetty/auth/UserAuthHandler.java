package io.sshnetty.auth;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.sshnetty.auth.message.UserAuthFailure;
import io.sshnetty.auth.message.UserAuthRequest;
import io.sshnetty.auth.message.UserAuthSuccess;
import io.sshnetty.auth.publickey.PublicKeyMethod;
import io.sshnetty.transport.ProtocolErrorHandler;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.message.ServiceAccept;
import io.sshnetty.transport.message.ServiceRequest;
import io.sshnetty.transport.message.Unimplemented;
import io.sshnetty.transport.packet.InboundPacket;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ssh-userauth service, RFC 4252. Accepts the service request, answers authentication requests
 * method by method, counts failures, and on success replaces itself with the connection layer's handler.
 *
 * <p>Decisions are asynchronous; while one is pending, further requests wait in arrival order (a client
 * may send its next request before the answer to the previous one — RFC 4252 §5 does not forbid it).
 */
public final class UserAuthHandler extends ChannelInboundHandlerAdapter {
    public static final String SERVICE_NAME = "ssh-userauth";
    public static final String CONNECTION_SERVICE = "ssh-connection";
    /** Requests queued behind a pending decision; a client that pipelines more is misbehaving. */
    private static final int MAX_QUEUED_REQUESTS = 16;

    private static final Logger log = LoggerFactory.getLogger(UserAuthHandler.class);

    private final AuthConfig config;
    private final Supplier<ChannelHandler> connectionLayer;
    private final PublicKeyMethod publicKey;
    private final Queue<InboundPacket> queued = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private AuthenticationContext context;
    private ScheduledFuture<?> graceTimer;
    private boolean serviceAccepted;
    private boolean deciding;
    private boolean done;
    private int failures;
    private boolean noneSeen;

    /**
     * @param connectionLayer creates the handler that replaces this one once the user is authenticated
     */
    public UserAuthHandler(AuthConfig config, Supplier<ChannelHandler> connectionLayer) {
        this.config = config;
        this.connectionLayer = connectionLayer;
        this.publicKey = config.publicKeyAuthenticator() == null ? null : new PublicKeyMethod(config.publicKeyAuthenticator());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.context = new AuthenticationContext(SshConnection.of(ctx.channel()));
        long graceMillis = config.loginGraceTime().toMillis();
        if (graceMillis > 0) {
            graceTimer = ctx.executor().schedule(() -> {
                log.info("[{}] Timeout before authentication for {}", context.connection(), describe(context.remoteAddress()));
                ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.BY_APPLICATION, "Timeout before authentication");
            }, graceMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelGraceTimer();
        InboundPacket packet;
        while ((packet = queued.poll()) != null) {
            packet.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelGraceTimer();
        super.channelInactive(ctx);
    }

    /** The methods offered to a client: those configured. */
    public List<String> methods() {
        List<String> methods = new ArrayList<>();
        if (publicKey != null) {
            methods.add(PublicKeyMethod.NAME);
        }
        return methods;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InboundPacket)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundPacket packet = (InboundPacket) msg;
        if (deciding || done) {
            if (done) {
                // RFC 4252 §5.1: requests after success are ignored; anything else waits for the next layer.
                packet.release();
                return;
            }
            if (queued.size() == MAX_QUEUED_REQUESTS) {
                packet.release();
                throw SshProtocolException.protocolError("too many authentication requests in flight");
            }
            queued.add(packet);
            return;
        }
        try {
            handle(packet);
        } finally {
            packet.release();
        }
    }

    private void handle(InboundPacket packet) {
        int number = packet.messageNumber();
        ByteBuf payload = packet.content();
        if (number == MessageNumbers.SERVICE_REQUEST) {
            ServiceRequest request = ServiceRequest.decode(payload);
            if (serviceAccepted || !SERVICE_NAME.equals(request.serviceName())) {
                throw new SshProtocolException(DisconnectReason.SERVICE_NOT_AVAILABLE,
                        "service not available: " + request.serviceName());
            }
            serviceAccepted = true;
            ctx.writeAndFlush(new ServiceAccept(SERVICE_NAME));
        } else if (number == MessageNumbers.USERAUTH_REQUEST) {
            if (!serviceAccepted) {
                throw SshProtocolException.protocolError("authentication request before service request");
            }
            onRequest(UserAuthRequest.decodeHead(payload), payload);
        } else if (number > MessageNumbers.USERAUTH_REQUEST && number <= MessageNumbers.USERAUTH_LAST) {
            throw SshProtocolException.protocolError("unexpected authentication message " + number);
        } else {
            // RFC 4252 §6: connection-protocol messages before authentication are not processed.
            ctx.writeAndFlush(new Unimplemented(packet.sequenceNumber()));
        }
    }

    private void onRequest(UserAuthRequest request, ByteBuf fields) {
        if (!CONNECTION_SERVICE.equals(request.service())) {
            throw new SshProtocolException(DisconnectReason.SERVICE_NOT_AVAILABLE, "service not available: " + request.service());
        }
        if ("none".equals(request.method())) {
            // The first "none" is how clients ask which methods exist; sshd does not count it as an attempt.
            fail(request, noneSeen);
            noneSeen = true;
            return;
        }
        if (PublicKeyMethod.NAME.equals(request.method()) && publicKey != null) {
            deciding = true;
            publicKey.handle(context, request, fields).whenComplete((result, error) -> onEventLoop(() -> {
                deciding = false;
                if (error != null) {
                    log.warn("[{}] public key authenticator failed for {}", context.connection(), request.user(), error);
                    fail(request, true);
                } else if (result.authenticated()) {
                    succeed(request, result.keyFingerprint());
                } else if (result.reply() != null) {
                    ctx.writeAndFlush(result.reply());
                } else {
                    log.info("[{}] Failed publickey for {} from {} ssh2", context.connection(), request.user(),
                            describe(context.remoteAddress()));
                    fail(request, true);
                }
                drainQueued();
            }));
            return;
        }
        fail(request, true);
    }

    private void fail(UserAuthRequest request, boolean counts) {
        if (counts && ++failures >= config.maxAttempts()) {
            log.info("[{}] maximum authentication attempts exceeded for {} from {}", context.connection(), request.user(),
                    describe(context.remoteAddress()));
            ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                    "Too many authentication failures");
            return;
        }
        ctx.writeAndFlush(new UserAuthFailure(methods(), false));
    }

    private void succeed(UserAuthRequest request, String fingerprint) {
        done = true;
        cancelGraceTimer();
        log.info("[{}] Accepted publickey for {} from {} ssh2: {}", context.connection(), request.user(),
                describe(context.remoteAddress()), fingerprint);
        ctx.channel().attr(AuthenticatedUser.KEY).set(new AuthenticatedUser(request.user(), List.of(PublicKeyMethod.NAME), fingerprint));
        ctx.writeAndFlush(UserAuthSuccess.INSTANCE);
        InboundPacket packet;
        List<InboundPacket> later = new ArrayList<>();
        while ((packet = queued.poll()) != null) {
            later.add(packet);
        }
        ctx.pipeline().replace(this, "connection", connectionLayer.get());
        // Whatever the client sent right after its successful request belongs to the connection layer.
        for (InboundPacket next : later) {
            ctx.fireChannelRead(next);
        }
    }

    private void drainQueued() {
        while (!deciding && !done && ctx.channel().isActive()) {
            InboundPacket packet = queued.poll();
            if (packet == null) {
                return;
            }
            try {
                handle(packet);
            } catch (SshProtocolException e) {
                ctx.fireExceptionCaught(e);
                return;
            } finally {
                packet.release();
            }
        }
    }

    private void onEventLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    /** "ADDRESS port PORT", as sshd's log lines say it. */
    static String describe(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            return inet.getAddress().getHostAddress() + " port " + inet.getPort();
        }
        return String.valueOf(address);
    }
}
