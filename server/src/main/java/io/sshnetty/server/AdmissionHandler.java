package io.sshnetty.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.auth.AuthAttempt;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.server.PerSourcePenalties.Penalty;
import io.sshnetty.server.StartupSlots.Slot;
import io.sshnetty.server.StartupSlots.Stage;
import io.sshnetty.server.registry.AdmissionMetrics.Drop;
import io.sshnetty.transport.internal.IdentificationHandler.InvalidIdentification;
import io.sshnetty.transport.internal.IdentificationHandler.PeerIdentification;
import io.sshnetty.transport.internal.KeyExchangeCompleted;
import io.sshnetty.transport.internal.ProtocolErrorHandler;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's side of admission control, near the end of its pipeline: it records the connection's
 * progress from the layers' user events (identification, first packet, first key exchange, authentication
 * attempts, authenticated), ends it when the handshake timeout passes without an identification line and a first
 * packet, and at close frees its slot and tells which penalty the source earned.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private final Admission admission;
    private final Slot slot;
    private final Duration loginGraceTime;
    private ScheduledFuture<?> handshakeDeadline;
    private boolean authenticated;
    private boolean authenticationFailed;
    private boolean invalidUser;
    private boolean protocolViolation;

    AdmissionHandler(Admission admission, Slot slot, Duration loginGraceTime) {
        this.admission = admission;
        this.slot = slot;
        this.loginGraceTime = loginGraceTime;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long timeout = admission.limits().handshakeTimeout().toMillis();
        if (timeout > 0) {
            handshakeDeadline = ctx.executor().schedule(() -> handshakeTimedOut(ctx), timeout, TimeUnit.MILLISECONDS);
        }
        // The channel's own close future: it completes once, however the connection ends, on its event loop.
        ctx.channel().closeFuture().addListener(closed -> {
            cancelDeadline();
            SshConnection connection = SshConnection.of(ctx.channel());
            admission.closed(slot, connection.remoteAddress(), penaltyEarned(connection));
        });
    }

    private void handshakeTimedOut(ChannelHandlerContext ctx) {
        ConnectionState connection = ConnectionState.of(ctx.channel());
        if (!ctx.channel().isActive() || (connection.clientIdentification() != null && connection.bytesIn() > 0)) {
            return;
        }
        admission.dropped(Drop.HANDSHAKE_TIMEOUT, connection.remoteAddress(), "no identification and key exchange within "
                + admission.limits().handshakeTimeout().toMillis() + " ms");
        if (connection.clientIdentification() == null) {
            connection.closing("Timeout before identification");
            ctx.channel().close();
        } else {
            ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.BY_APPLICATION, "Timeout before key exchange");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof PeerIdentification) {
            admission.progress(slot, Stage.IDENTIFIED);
        } else if (event instanceof KeyExchangeCompleted && ((KeyExchangeCompleted) event).first()) {
            cancelDeadline();
            admission.progress(slot, Stage.KEYS_EXCHANGED);
        } else if (event instanceof AuthAttempt) {
            AuthAttempt attempt = (AuthAttempt) event;
            admission.progress(slot, Stage.AUTHENTICATION_ATTEMPTED);
            // sshd counts "none" (every client's first request) as no attempt at all.
            if (attempt.outcome() == AuthAttempt.Outcome.FAILED && !"none".equals(attempt.method())) {
                authenticationFailed = true;
                invalidUser |= attempt.invalidUser();
            }
        } else if (event instanceof AuthenticatedUser) {
            authenticated = true;
            admission.authenticated(slot);
        } else if (event instanceof InvalidIdentification) {
            admission.dropped(Drop.INVALID_IDENTIFICATION, SshConnection.of(ctx.channel()).remoteAddress(),
                    ((InvalidIdentification) event).reason());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        Throwable error = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (error instanceof SshProtocolException) {
            DisconnectReason reason = ((SshProtocolException) error).reason();
            protocolViolation |= reason == DisconnectReason.PROTOCOL_ERROR || reason == DisconnectReason.MAC_ERROR
                    || reason == DisconnectReason.COMPRESSION_ERROR;
        }
        super.exceptionCaught(ctx, cause);
    }

    /** sshd's classes: what the connection did decides what its source earns; an authenticated one earns nothing. */
    private Penalty penaltyEarned(SshConnection connection) {
        if (authenticated) {
            return null;
        }
        if (protocolViolation) {
            return Penalty.PROTOCOL_VIOLATION;
        }
        if (!loginGraceTime.isZero()
                && Duration.between(connection.startedAt(), java.time.Instant.now()).compareTo(loginGraceTime) >= 0) {
            return Penalty.GRACE_EXCEEDED;
        }
        if (invalidUser) {
            return Penalty.INVALID_USER;
        }
        return authenticationFailed ? Penalty.AUTHENTICATION_FAILURE : Penalty.NO_AUTHENTICATION;
    }

    /**
     * A handler for just after the packet codec: the client's first packet (its KEXINIT) is progress too,
     * and the one a real client makes at once while an idle socket never does. It removes itself then.
     */
    ChannelInboundHandlerAdapter firstPacketWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                admission.progress(slot, Stage.KEY_EXCHANGE_STARTED);
                ctx.pipeline().remove(this);
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void cancelDeadline() {
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
            handshakeDeadline = null;
        }
    }
}
