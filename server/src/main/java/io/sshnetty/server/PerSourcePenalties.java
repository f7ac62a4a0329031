package io.sshnetty.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * sshd's PerSourcePenalties and PerSourcePenaltyExemptList: what a source earns, by how its connection
 * ended, in time during which its address block (see {@link AdmissionControl#ipv4BlockBits()}) is refused at
 * accept. Penalties of one block add up, capped at {@code max}, and refuse only once they reach {@code min};
 * connections already open are not touched.
 *
 * @param durations  the time each kind of ending earns (a kind missing earns nothing)
 * @param min        accrued time from which the block is refused
 * @param max        accrued time is capped here
 * @param maxSources4 IPv4 blocks tracked at once
 * @param maxSources6 IPv6 blocks tracked at once
 * @param overflow4  what happens when the IPv4 table is full
 * @param overflow6  likewise for IPv6
 * @param exempt     networks never penalised
 */
public record PerSourcePenalties(Map<Penalty, Duration> durations, Duration min, Duration max, int maxSources4,
                                 int maxSources6, Overflow overflow4, Overflow overflow6, List<Cidr> exempt) {
    /** How a connection ended, and so which penalty its source earns (sshd's names in brackets). */
    public enum Penalty {
        /** A protocol violation: malformed packets, a bad MAC (sshd's "crash": the nearest sign of an exploit attempt). */
        PROTOCOL_VIOLATION("protocol violation"),
        /** Closed after one or more failed authentication attempts ("authfail"). */
        AUTHENTICATION_FAILURE("failed authentication"),
        /** Tried to authenticate as a user that does not exist ("invaliduser"). */
        INVALID_USER("invalid user"),
        /** Closed without attempting authentication ("noauth"). */
        NO_AUTHENTICATION("connection without attempting authentication"),
        /** Still unauthenticated when the login grace time ran out ("grace-exceeded"). */
        GRACE_EXCEEDED("exceeded the login grace time"),
        /** Refused by the application's refuse-connection hook ("refuseconnection"). */
        REFUSED_CONNECTION("refused by the application");

        private final String description;

        Penalty(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** What happens to new sources when the table of penalised blocks is full (sshd's overflow modes). */
    public enum Overflow {
        /** New sources are not penalised until entries expire. */
        PERMISSIVE,
        /** Every new connection of that address family is refused until entries expire. */
        DENY_ALL
    }

    /** sshd's default durations: crash 90 s, authfail 5 s, invaliduser 5 s, noauth 1 s, grace-exceeded 10 s, refuseconnection 10 s. */
    public static final Map<Penalty, Duration> DEFAULT_DURATIONS = Map.of(
            Penalty.PROTOCOL_VIOLATION, Duration.ofSeconds(90),
            Penalty.AUTHENTICATION_FAILURE, Duration.ofSeconds(5),
            Penalty.INVALID_USER, Duration.ofSeconds(5),
            Penalty.NO_AUTHENTICATION, Duration.ofSeconds(1),
            Penalty.GRACE_EXCEEDED, Duration.ofSeconds(10),
            Penalty.REFUSED_CONNECTION, Duration.ofSeconds(10));
    /** sshd's min: a single failed login (5 s) or two never refuse; three in quick succession do. */
    public static final Duration DEFAULT_MIN = Duration.ofSeconds(15);
    /** sshd's max, 10 minutes. */
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(10);
    /** sshd's max-sources4 and max-sources6: 65536 blocks, a few megabytes at most. */
    public static final int DEFAULT_MAX_SOURCES = 65_536;
    /**
     * Loopback is exempt, unlike sshd (whose list is empty): a loopback peer is either a local user or a
     * local proxy without the PROXY protocol, and penalising a proxy's address locks out everyone behind it.
     */
    public static final List<Cidr> DEFAULT_EXEMPT = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    /** sshd 10's defaults (on), with loopback exempt. */
    public static final PerSourcePenalties DEFAULT = new PerSourcePenalties(DEFAULT_DURATIONS, DEFAULT_MIN, DEFAULT_MAX,
            DEFAULT_MAX_SOURCES, DEFAULT_MAX_SOURCES, Overflow.PERMISSIVE, Overflow.PERMISSIVE, DEFAULT_EXEMPT);
    /** No penalties (sshd's "PerSourcePenalties no"). */
    public static final PerSourcePenalties OFF = new PerSourcePenalties(Map.of(), DEFAULT_MIN, DEFAULT_MAX,
            DEFAULT_MAX_SOURCES, DEFAULT_MAX_SOURCES, Overflow.PERMISSIVE, Overflow.PERMISSIVE, DEFAULT_EXEMPT);

    public PerSourcePenalties {
        durations = Map.copyOf(durations);
        exempt = List.copyOf(exempt);
        Objects.requireNonNull(overflow4);
        Objects.requireNonNull(overflow6);
        if (min.isNegative() || max.compareTo(min) < 0 || maxSources4 < 0 || maxSources6 < 0
                || durations.values().stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("bad penalty settings");
        }
    }

    /** The same with {@code penalty} earning {@code duration} (zero: nothing). */
    public PerSourcePenalties with(Penalty penalty, Duration duration) {
        Map<Penalty, Duration> changed = new EnumMap<>(Penalty.class);
        changed.putAll(durations);
        changed.put(penalty, duration);
        return new PerSourcePenalties(changed, min, max, maxSources4, maxSources6, overflow4, overflow6, exempt);
    }

    public PerSourcePenalties withMinMax(Duration min, Duration max) {
        return new PerSourcePenalties(durations, min, max, maxSources4, maxSources6, overflow4, overflow6, exempt);
    }

    public PerSourcePenalties withMaxSources(int ipv4, Overflow overflow4, int ipv6, Overflow overflow6) {
        return new PerSourcePenalties(durations, min, max, ipv4, ipv6, overflow4, overflow6, exempt);
    }

    /** The networks never penalised (replaces the list; empty for none). */
    public PerSourcePenalties withExempt(List<Cidr> networks) {
        return new PerSourcePenalties(durations, min, max, maxSources4, maxSources6, overflow4, overflow6, networks);
    }

    /** The time {@code penalty} earns; zero when it earns nothing. */
    public Duration duration(Penalty penalty) {
        return durations.getOrDefault(penalty, Duration.ZERO);
    }

    boolean isExempt(InetAddress address) {
        for (Cidr network : exempt) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
