package io.sshnetty.server;

import io.sshnetty.server.registry.ConnectionRegistry;

import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether to take a new connection, decided at accept time like sshd's MaxStartups: at most
 * {@code maxConnections} at once; of those not yet authenticated, from {@code start} on each new one is
 * dropped with a probability that rises linearly from {@code rate}% to 100% at {@code full} (random early
 * drop); and at most {@code maxPerSource} at once from one address.
 *
 * @param maxConnections connections open at once
 * @param start          unauthenticated connections from which random early drop begins
 * @param rate           drop probability (percent) at {@code start}
 * @param full           unauthenticated connections at which every new one is dropped
 * @param maxPerSource   connections open at once from one address
 */
public record AdmissionControl(int maxConnections, int start, int rate, int full, int maxPerSource) {
    /** sshd's MaxStartups default, 10:30:100. */
    public static final AdmissionControl DEFAULT = new AdmissionControl(100_000, 10, 30, 100, Integer.MAX_VALUE);

    public AdmissionControl {
        if (maxConnections < 1 || start < 1 || rate < 0 || rate > 100 || full < start || maxPerSource < 1) {
            throw new IllegalArgumentException("bad admission limits");
        }
    }

    /** Parses sshd's "start:rate:full" (or a single number, which is start = full). */
    public AdmissionControl withMaxStartups(String spec) {
        String[] parts = spec.split(":");
        if (parts.length == 1) {
            int limit = Integer.parseInt(parts[0]);
            return new AdmissionControl(maxConnections, limit, 100, limit, maxPerSource);
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("MaxStartups is start:rate:full, not " + spec);
        }
        return new AdmissionControl(maxConnections, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]), maxPerSource);
    }

    /** Null when the connection may be taken, otherwise why not (for the log). */
    String refusal(ConnectionRegistry registry, InetAddress source) {
        if (registry.size() >= maxConnections) {
            return "past the connection limit " + maxConnections;
        }
        if (source != null && registry.fromAddress(source) >= maxPerSource) {
            return "past the per-source limit " + maxPerSource;
        }
        int startups = registry.unauthenticated();
        if (startups >= full) {
            return "past MaxStartups (" + startups + " unauthenticated)";
        }
        if (startups >= start) {
            int probability = rate + (100 - rate) * (startups - start) / Math.max(1, full - start);
            if (ThreadLocalRandom.current().nextInt(100) < probability) {
                return "dropped by MaxStartups (" + startups + " unauthenticated)";
            }
        }
        return null;
    }
}
