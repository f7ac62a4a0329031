package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The threads that compute key exchange steps (the method's math and the host key's signature), so that
 * none runs on an event loop: sntrup761 costs about 6 ms, 8192-bit Diffie-Hellman 20 ms, an RSA signature
 * a few ms, and an unauthenticated peer can ask for one per connection.
 *
 * <p>Shared fairly per source address, and work-conserving: every source has its own line of waiting steps,
 * and the workers serve the lines in turn, one step each, so a source flooding handshakes gets its turn and
 * no more, however many steps it queued, while a NAT'd office or a CI farm behind one address logging in
 * many times at once waits in line instead of being turned away. One source may have at most
 * {@link #maxPerSource()} steps running at once (on a many-core server, a flooder cannot take every thread).
 *
 * <p>Bounded: at most {@code queue} steps wait in all lines together (each holds a decoded client value of
 * a few kB). When they are full, the source with the longest line gives up its newest step (that
 * connection ends with TOO_MANY_CONNECTIONS), unless the newcomer is that source, which is then refused
 * itself; a WARN says so at most every {@value #WARN_INTERVAL_SECONDS} s. A connection has at most one step
 * in flight, so a line is never longer than its source's connections in a key exchange.
 */
public final class KexWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KexWorkers.class);
    /** One thread per core: the steps are pure computation. */
    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    /**
     * Steps waiting over all sources: 256 per thread, a few seconds of the most expensive steps (DH-8192),
     * far inside the login grace time, and about a megabyte of decoded client values per thread.
     */
    public static final int DEFAULT_QUEUE = 256 * DEFAULT_THREADS;
    /** Steps of one source running at once. */
    public static final int DEFAULT_MAX_PER_SOURCE = 4;
    private static final long WARN_INTERVAL_SECONDS = 10;

    private final ThreadPoolExecutor executor;
    private final int threads;
    private final int queue;
    private final int maxPerSource;
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS));
    private final AtomicLong refusedSinceWarn = new AtomicLong();

    // Guarded by this. The lines with a step that may start now, in serving order.
    private final Map<InetAddress, Line> lines = new HashMap<>();
    private final ArrayDeque<Line> ready = new ArrayDeque<>();
    private int waiting;
    private int drainers;
    private boolean closed;

    /** One source's steps: those waiting in order, and how many run. */
    private static final class Line {
        final InetAddress source;
        final ArrayDeque<Step<?>> steps = new ArrayDeque<>();
        int running;
        boolean inReady;

        Line(InetAddress source) {
            this.source = source;
        }
    }

    private record Step<T>(Supplier<T> work, CompletableFuture<T> result) {
        void run() {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        void refuse() {
            result.completeExceptionally(refusal());
        }
    }

    public KexWorkers(int threads, int queue, int maxPerSource) {
        if (threads < 1 || queue < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("key exchange workers need a thread, a queue and a per-source allowance");
        }
        AtomicInteger count = new AtomicInteger();
        // At most `threads` drain tasks are ever submitted, so the executor's own queue stays that short.
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "sshnetty-kex-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor.allowCoreThreadTimeOut(true);
        this.threads = threads;
        this.queue = queue;
        this.maxPerSource = maxPerSource;
    }

    /** {@link #DEFAULT_THREADS} threads, a queue of {@link #DEFAULT_QUEUE}, {@link #DEFAULT_MAX_PER_SOURCE} per source. */
    public static KexWorkers withDefaults() {
        return new KexWorkers(DEFAULT_THREADS, DEFAULT_QUEUE, DEFAULT_MAX_PER_SOURCE);
    }

    public int maxPerSource() {
        return maxPerSource;
    }

    /**
     * Runs {@code step} on a worker in {@code source}'s line (null when unknown, counted as one source);
     * returns its future, or null when the steps waiting are at their bound and {@code source} has the
     * longest line. A future may also fail later with a TOO_MANY_CONNECTIONS {@link SshProtocolException}:
     * its step gave way to a source with a shorter line, or the workers closed.
     */
    public <T> CompletableFuture<T> submit(InetAddress source, Supplier<T> step) {
        InetAddress key = source == null ? InetAddress.getLoopbackAddress() : source;
        Step<T> queued = new Step<>(step, new CompletableFuture<>());
        Step<?> evicted = null;
        boolean startDrainer = false;
        synchronized (this) {
            if (closed) {
                return null;
            }
            Line line = lines.computeIfAbsent(key, Line::new);
            if (waiting >= queue) {
                Line longest = longestLine();
                if (longest == null || longest == line || longest.steps.size() <= line.steps.size()) {
                    forgetIfIdle(line);
                    refused(key, "the key exchange queue is full and its line is the longest");
                    return null;
                }
                evicted = longest.steps.pollLast();
                waiting--;
                forgetIfIdle(longest);
            }
            line.steps.add(queued);
            waiting++;
            markReady(line);
            if (drainers < threads) {
                drainers++;
                startDrainer = true;
            }
        }
        if (evicted != null) {
            evicted.refuse();
            refused(null, "the key exchange queue is full; a step of the longest line gave way");
        }
        if (startDrainer) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException closing) { // closed meanwhile: close() refused what waited
                synchronized (this) {
                    drainers--;
                }
            }
        }
        return queued.result();
    }

    /** A worker's loop: one step of the next line in turn, until no line has a step that may start. */
    private void drain() {
        while (true) {
            Step<?> step;
            Line line;
            synchronized (this) {
                line = ready.poll();
                while (line != null && line.steps.isEmpty()) { // its last step gave way while it was in turn
                    line.inReady = false;
                    line = ready.poll();
                }
                if (line == null || closed) {
                    drainers--;
                    return;
                }
                line.inReady = false;
                step = line.steps.poll();
                waiting--;
                line.running++;
                markReady(line); // back to the end of the turn, if it has more that may start
            }
            try {
                step.run();
            } finally {
                synchronized (this) {
                    line.running--;
                    markReady(line);
                    forgetIfIdle(line);
                }
            }
        }
    }

    private void markReady(Line line) {
        if (!line.inReady && !line.steps.isEmpty() && line.running < maxPerSource) {
            line.inReady = true;
            ready.add(line);
        }
    }

    private void forgetIfIdle(Line line) {
        if (line.steps.isEmpty() && line.running == 0) {
            lines.remove(line.source, line);
        }
    }

    private Line longestLine() {
        Line longest = null;
        for (Line line : lines.values()) { // only when the queue is full: O(sources) then, never per step
            if (longest == null || line.steps.size() > longest.steps.size()) {
                longest = line;
            }
        }
        return longest;
    }

    private static SshProtocolException refusal() {
        return new SshProtocolException(DisconnectReason.TOO_MANY_CONNECTIONS, "server busy: key exchange refused");
    }

    private void refused(InetAddress source, String why) {
        refusedSinceWarn.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS) && lastWarnNanos.compareAndSet(last, now)) {
            log.warn("key exchange refused{}: {} ({} refused in the last {} s)",
                    source == null ? "" : " for " + source.getHostAddress(), why, refusedSinceWarn.getAndSet(0),
                    WARN_INTERVAL_SECONDS);
        }
    }

    /** Stops the workers; steps still waiting fail with TOO_MANY_CONNECTIONS, and later submissions are refused. */
    @Override
    public void close() {
        ArrayDeque<Step<?>> abandoned = new ArrayDeque<>();
        synchronized (this) {
            closed = true;
            for (Line line : lines.values()) {
                abandoned.addAll(line.steps);
                line.steps.clear();
            }
            lines.clear();
            ready.clear();
            waiting = 0;
        }
        abandoned.forEach(Step::refuse);
        executor.shutdownNow();
    }
}
