package io.sshnetty.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Accept-time limits, after sshd's MaxStartups, PerSourceMaxStartups and PerSourceNetBlockSize, sized for an
 * event-loop server where an unauthenticated connection costs a few kilobytes, not a process.
 *
 * <p>When the unauthenticated connections reach {@code full} (or those of one address block reach
 * {@code maxStartupsPerSource}), the new connection is taken and the <em>stalest</em> unauthenticated one is
 * dropped in its place: the one that got least far (nothing sent, identification received, key exchange
 * done, authentication attempted), and of those the one that moved last the longest ago. Idle sockets thus
 * make room for clients that talk, instead of turning them away as sshd's drop of the newest does. Between
 * {@code start} and {@code full} new connections are dropped at random as sshd does, from {@code rate}% rising
 * to 100%; by default {@code start == full}, so nothing is dropped at random.
 *
 * @param maxConnections       connections open at once, authenticated or not
 * @param start                unauthenticated connections from which random early drop begins
 * @param rate                 drop probability (percent) at {@code start}
 * @param full                 unauthenticated connections at which the stalest one makes room for each new one
 * @param maxPerSource         connections open at once from one address block, authenticated or not
 * @param maxStartupsPerSource unauthenticated connections at once from one address block; past it the
 *                             block's stalest makes room (sshd's PerSourceMaxStartups)
 * @param ipv4BlockBits        leading bits of an IPv4 address that name its block (sshd's PerSourceNetBlockSize)
 * @param ipv6BlockBits        likewise for IPv6
 * @param handshakeTimeout     time from accept to the client's identification line and first packet (its
 *                             KEXINIT); the login grace time then bounds authentication. Zero for none.
 */
public record AdmissionControl(int maxConnections, int start, int rate, int full, int maxPerSource,
                               int maxStartupsPerSource, int ipv4BlockBits, int ipv6BlockBits, Duration handshakeTimeout) {
    /** Connections open at once: the server's file descriptors run out well before memory does. */
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
    /**
     * Unauthenticated connections at once. sshd's 100 counts processes; here each costs a pipeline and a few
     * kilobytes, and the stalest makes room past it, so the limit bounds memory rather than turning users away.
     */
    public static final int DEFAULT_MAX_STARTUPS = 4096;
    /**
     * Unauthenticated connections at once from one block: a quarter of {@link #DEFAULT_MAX_STARTUPS}, so one
     * source never holds every slot, yet a NAT gateway's users (hundreds logging in at once) fit.
     */
    public static final int DEFAULT_MAX_STARTUPS_PER_SOURCE = 1024;
    /** sshd's PerSourceNetBlockSize default, 32:128: every address counts on its own. */
    public static final int DEFAULT_IPV4_BLOCK_BITS = 32;
    public static final int DEFAULT_IPV6_BLOCK_BITS = 128;
    /** A client sends its identification and KEXINIT at once; ten seconds allows a slow network's retransmits. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** The defaults above; no per-source connection limit (many users may share one address). */
    public static final AdmissionControl DEFAULT = new AdmissionControl(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_STARTUPS, 100,
            DEFAULT_MAX_STARTUPS, Integer.MAX_VALUE, DEFAULT_MAX_STARTUPS_PER_SOURCE, DEFAULT_IPV4_BLOCK_BITS,
            DEFAULT_IPV6_BLOCK_BITS, DEFAULT_HANDSHAKE_TIMEOUT);

    public AdmissionControl {
        Objects.requireNonNull(handshakeTimeout);
        if (maxConnections < 1 || start < 1 || rate < 0 || rate > 100 || full < start || maxPerSource < 1
                || maxStartupsPerSource < 1 || ipv4BlockBits < 0 || ipv4BlockBits > 32 || ipv6BlockBits < 0
                || ipv6BlockBits > 128 || handshakeTimeout.isNegative()) {
            throw new IllegalArgumentException("bad admission limits");
        }
    }

    /** Parses sshd's "start:rate:full" (or a single number, which is start = full). */
    public AdmissionControl withMaxStartups(String spec) {
        String[] parts = spec.split(":");
        if (parts.length == 1) {
            int limit = Integer.parseInt(parts[0]);
            return new AdmissionControl(maxConnections, limit, 100, limit, maxPerSource, maxStartupsPerSource,
                    ipv4BlockBits, ipv6BlockBits, handshakeTimeout);
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("MaxStartups is start:rate:full, not " + spec);
        }
        return new AdmissionControl(maxConnections, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]), maxPerSource, maxStartupsPerSource, ipv4BlockBits, ipv6BlockBits,
                handshakeTimeout);
    }

    public AdmissionControl withMaxConnections(int connections) {
        return new AdmissionControl(connections, start, rate, full, maxPerSource, maxStartupsPerSource, ipv4BlockBits,
                ipv6BlockBits, handshakeTimeout);
    }

    /** Connections open at once from one address block, authenticated or not. */
    public AdmissionControl withMaxPerSource(int connections) {
        return new AdmissionControl(maxConnections, start, rate, full, connections, maxStartupsPerSource, ipv4BlockBits,
                ipv6BlockBits, handshakeTimeout);
    }

    /** sshd's PerSourceMaxStartups. */
    public AdmissionControl withMaxStartupsPerSource(int startups) {
        return new AdmissionControl(maxConnections, start, rate, full, maxPerSource, startups, ipv4BlockBits,
                ipv6BlockBits, handshakeTimeout);
    }

    /** sshd's PerSourceNetBlockSize {@code ipv4:ipv6}; also the blocks penalties are kept for. */
    public AdmissionControl withNetBlockSize(int ipv4Bits, int ipv6Bits) {
        return new AdmissionControl(maxConnections, start, rate, full, maxPerSource, maxStartupsPerSource, ipv4Bits,
                ipv6Bits, handshakeTimeout);
    }

    public AdmissionControl withHandshakeTimeout(Duration timeout) {
        return new AdmissionControl(maxConnections, start, rate, full, maxPerSource, maxStartupsPerSource, ipv4BlockBits,
                ipv6BlockBits, timeout);
    }

    /** The block {@code address} counts in. */
    Cidr blockOf(java.net.InetAddress address) {
        return Cidr.blockOf(address, address.getAddress().length == 4 ? ipv4BlockBits : ipv6BlockBits);
    }

    /** Whether a new connection is dropped at random with {@code startups} unauthenticated ones open. */
    boolean randomEarlyDrop(int startups) {
        if (startups < start || startups >= full) {
            return false;
        }
        int probability = rate + (100 - rate) * (startups - start) / Math.max(1, full - start);
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(100) < probability;
    }
}
