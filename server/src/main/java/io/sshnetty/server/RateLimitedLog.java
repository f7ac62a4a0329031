package io.sshnetty.server;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WARN lines for what an attacker can repeat at will (dropped connections, penalties): per kind, the first
 * one is logged, then at most one per interval, which says how many were left out since the last.
 */
final class RateLimitedLog {
    /** At most one line per kind this often: a flood of 10 000 drops a second costs six lines a minute. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Logger log;
    private final long intervalNanos;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} (an SLF4J format) at WARN unless a line of the same {@code kind} went out within the interval. */
    void warn(String kind, String message, Object... arguments) {
        if (!log.isWarnEnabled()) {
            return;
        }
        Kind state = kinds.computeIfAbsent(kind, k -> new Kind());
        long now = System.nanoTime();
        long due = state.nextAt.get();
        if ((state.logged && now - due < 0) || !state.nextAt.compareAndSet(due, now + intervalNanos)) {
            state.suppressed.incrementAndGet();
            return;
        }
        state.logged = true;
        long left = state.suppressed.getAndSet(0);
        if (left > 0) {
            Object[] withCount = java.util.Arrays.copyOf(arguments, arguments.length + 2);
            withCount[arguments.length] = left;
            withCount[arguments.length + 1] = intervalNanos / 1_000_000_000L;
            log.warn(message + " (and {} more like it in the last {} s)", withCount);
        } else {
            log.warn(message, arguments);
        }
    }

    private static final class Kind {
        final AtomicLong nextAt = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
        volatile boolean logged;
    }
}
