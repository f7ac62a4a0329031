package io.sshnetty.server;

import io.netty.channel.Channel;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.server.PerSourcePenalties.Penalty;
import io.sshnetty.server.StartupSlots.Decision;
import io.sshnetty.server.StartupSlots.Slot;
import io.sshnetty.server.internal.RegistryAccess;
import io.sshnetty.server.registry.AdmissionMetrics;
import io.sshnetty.server.registry.AdmissionMetrics.Drop;
import io.sshnetty.transport.internal.ProtocolErrorHandler;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.wire.DisconnectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Predicate;

/**
 * Admission control of one server: at accept (and again once a trusted proxy's header names the client),
 * the penalty table, the application's refuse-connection hook and the {@link AdmissionControl} limits; at
 * close, the penalty the connection earned. Every refusal, drop and penalty is counted in
 * {@link AdmissionMetrics} and logged at WARN, at most one line per kind per interval.
 */
final class Admission {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private final AdmissionControl limits;
    private final PerSourcePenalties penaltySettings;
    private final PenaltyBox penalties;
    private final StartupSlots slots;
    private final Predicate<InetSocketAddress> refuseConnection;
    private final AdmissionMetrics metrics;
    private final RateLimitedLog warnings = new RateLimitedLog(log, RateLimitedLog.DEFAULT_INTERVAL);

    Admission(AdmissionControl limits, PerSourcePenalties penalties, Predicate<InetSocketAddress> refuseConnection,
              AdmissionMetrics metrics) {
        this.limits = limits;
        this.penaltySettings = penalties;
        this.penalties = new PenaltyBox(penalties, limits);
        this.slots = new StartupSlots(limits);
        this.refuseConnection = refuseConnection;
        this.metrics = metrics;
    }

    AdmissionControl limits() {
        return limits;
    }

    /**
     * Decides on a new connection from {@code peer}; {@code addressKnown} is false for a trusted proxy's
     * connection, whose client is named only by the header to come. Returns the slot, or null when the
     * connection was refused (and closed).
     */
    Slot admit(Channel channel, InetSocketAddress peer, boolean addressKnown) {
        Cidr block = null;
        if (addressKnown && peer != null) {
            if (refusalOf(peer) != null) {
                channel.close();
                return null;
            }
            block = limits.blockOf(peer.getAddress());
        }
        return apply(channel, peer, slots.admit(channel, block));
    }

    /** Admission once more, for the client a trusted proxy's header named. Returns false when refused (and closed). */
    boolean readmit(Slot slot, InetSocketAddress client) {
        if (refusalOf(client) != null) {
            slot.channel.close();
            return false;
        }
        return apply(slot.channel, client, slots.readmit(slot, limits.blockOf(client.getAddress()))) != null;
    }

    /** Counts a refusal made elsewhere (shutting down, an untrusted PROXY header, a bad identification). */
    void dropped(Drop drop, SocketAddress peer, String reason) {
        RegistryAccess.dropped(metrics, drop);
        warnings.warn(drop.name(), "drop connection from {}: {}", peer, reason);
    }

    void progress(Slot slot, StartupSlots.Stage stage) {
        slots.progress(slot, stage);
    }

    void authenticated(Slot slot) {
        slots.authenticated(slot);
    }

    /** The connection closed: frees its slot and gives its source the penalty it earned, if any. */
    void closed(Slot slot, SocketAddress remote, Penalty earned) {
        slots.release(slot);
        if (earned == null || !(remote instanceof InetSocketAddress) || penaltySettings.duration(earned).isZero()) {
            return;
        }
        penalise(((InetSocketAddress) remote).getAddress(), earned);
    }

    int unauthenticated() {
        return slots.unauthenticated();
    }

    private String refusalOf(InetSocketAddress peer) {
        InetAddress address = peer.getAddress();
        if (address == null) {
            return null;
        }
        String penalty = penalties.refusal(address);
        if (penalty != null) {
            dropped(penalty.startsWith("penalty table") ? Drop.PENALTY_OVERFLOW : Drop.PENALISED, peer, penalty);
            return penalty;
        }
        if (refuseConnection.test(peer)) {
            dropped(Drop.REFUSED_BY_APPLICATION, peer, "refused by the application");
            penalise(address, Penalty.REFUSED_CONNECTION);
            return "refused by the application";
        }
        return null;
    }

    private Slot apply(Channel channel, SocketAddress peer, Decision decision) {
        for (Slot victim : decision.evicted()) {
            RegistryAccess.dropped(metrics, Drop.EVICTED_STALE);
            warnings.warn(Drop.EVICTED_STALE.name(), "drop connection from {}: the stalest of {} unauthenticated, to make room",
                    victim.channel.attr(SshConnection.KEY).get() == null ? victim.channel.remoteAddress()
                            : SshConnection.of(victim.channel).remoteAddress(), slots.unauthenticated());
            drop(victim);
        }
        if (decision.slot() == null) {
            dropped(decision.refused(), peer, decision.reason());
            channel.close();
        }
        return decision.slot();
    }

    private static void drop(Slot victim) {
        Channel channel = victim.channel;
        ConnectionState connection = ConnectionState.orNull(channel);
        if (connection != null) {
            connection.closing("dropped to make room: no progress");
        }
        if (victim.stage() == StartupSlots.Stage.CONNECTED) {
            channel.close();
        } else {
            channel.eventLoop().execute(() -> ProtocolErrorHandler.disconnect(channel, DisconnectReason.TOO_MANY_CONNECTIONS,
                    "Too many unauthenticated connections"));
        }
    }

    private void penalise(InetAddress address, Penalty penalty) {
        RegistryAccess.penalised(metrics, penalty.name());
        Cidr refused = penalties.penalise(address, penalty);
        if (refused != null) {
            warnings.warn("penalty", "penalty: {} refused for at least {} s: {}", refused,
                    penaltySettings.min().toSeconds(), penalty.description());
        }
    }

    /** Blocks in the penalty table now, refused or still accruing. */
    int penaltyTableSize() {
        return penalties.size();
    }
}
