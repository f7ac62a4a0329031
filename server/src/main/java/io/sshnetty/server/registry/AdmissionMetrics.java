package io.sshnetty.server.registry;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What admission control turned away or cut short since the server started, and the penalties it gave:
 * for the application ({@link ConnectionRegistry#admission()}) and over JMX.
 */
public final class AdmissionMetrics {
    /** Why a connection was refused or ended by admission control. */
    public enum Drop {
        /** Refused at accept: the server-wide connection limit. */
        CONNECTION_LIMIT,
        /** Refused at accept: the per-source connection limit. */
        SOURCE_LIMIT,
        /** Refused at accept: sshd-style random early drop (only when configured). */
        RANDOM_EARLY_DROP,
        /** Refused at accept: the source's block is penalised. */
        PENALISED,
        /** Refused at accept: the penalty table overflowed in deny-all mode. */
        PENALTY_OVERFLOW,
        /** Refused at accept: the application's refuse-connection hook. */
        REFUSED_BY_APPLICATION,
        /** Refused at accept: the server is shutting down. */
        SHUTTING_DOWN,
        /** Dropped to make room for a new connection: the stalest unauthenticated one. */
        EVICTED_STALE,
        /** No identification line and first packet within the handshake timeout. */
        HANDSHAKE_TIMEOUT,
        /** The first line from the client was not an SSH identification. */
        INVALID_IDENTIFICATION,
        /** A PROXY protocol header from a peer that is not a trusted proxy. */
        UNTRUSTED_PROXY_HEADER
    }

    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final Map<String, LongAdder> penalties = new ConcurrentHashMap<>();

    AdmissionMetrics() {
        for (Drop drop : Drop.values()) {
            drops.put(drop, new LongAdder());
        }
    }

    /** Counts one {@code drop}; admission control reaches this through RegistryAccess. */
    void dropped(Drop drop) {
        drops.get(drop).increment();
    }

    /** Counts one penalty of kind {@code kind}; likewise. */
    void penalised(String kind) {
        penalties.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public long drops(Drop drop) {
        return drops.get(drop).sum();
    }

    /** Every drop count by reason, zeros included. */
    public Map<String, Long> drops() {
        Map<String, Long> copy = new TreeMap<>();
        drops.forEach((drop, count) -> copy.put(drop.name(), count.sum()));
        return copy;
    }

    /** Penalties given, by kind. */
    public Map<String, Long> penalties() {
        Map<String, Long> copy = new TreeMap<>();
        penalties.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }
}
