package io.sshnetty.server.registry;

import io.sshnetty.auth.AuthAttempt;
import io.sshnetty.transport.internal.KeyExchangeCompleted;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The server's running totals since it started: handshakes, authentication by method, channels, bytes. */
public final class RegistryCounters {
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder rekeys = new LongAdder();
    private final LongAdder channels = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

    RegistryCounters() {
    }

    void attempt(AuthAttempt attempt) {
        Map<String, LongAdder> counts = attempt.outcome() == AuthAttempt.Outcome.FAILED ? failed : accepted;
        counts.computeIfAbsent(attempt.method(), method -> new LongAdder()).increment();
    }

    void keyExchange(KeyExchangeCompleted completed) {
        (completed.first() ? handshakes : rekeys).increment();
    }

    void channelOpened() {
        channels.increment();
    }

    void connectionClosed(long in, long out) {
        bytesIn.add(in);
        bytesOut.add(out);
    }

    /** Completed first key exchanges. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Completed re-keys. */
    public long rekeys() {
        return rekeys.sum();
    }

    /** Channels opened. */
    public long channelsOpened() {
        return channels.sum();
    }

    /** Bytes received by connections that have closed. */
    public long bytesInOfClosed() {
        return bytesIn.sum();
    }

    /** Bytes sent by connections that have closed. */
    public long bytesOutOfClosed() {
        return bytesOut.sum();
    }

    /** Successful (and partially successful) attempts per method. */
    public Map<String, Long> authSuccesses() {
        return snapshot(accepted);
    }

    /** Failed attempts per method. */
    public Map<String, Long> authFailures() {
        return snapshot(failed);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((method, count) -> copy.put(method, count.sum()));
        return copy;
    }
}
