package io.sshnetty.transport.internal.kex;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The threads that compute key exchange steps (the method's math and the host key's signature), so that
 * none runs on an event loop: sntrup761 costs about 6 ms, 8192-bit Diffie-Hellman 20 ms, an RSA signature
 * a few ms, and an unauthenticated peer can ask for one per connection. Bounded in threads and queue, and
 * fair per source: one address may have at most {@link #maxPerSource()} steps queued or running, so a
 * single source flooding handshakes takes its share of the workers and no more. A step that finds no room
 * is refused at once (the connection then ends with TOO_MANY_CONNECTIONS), with a WARN at most every
 * {@value #WARN_INTERVAL_SECONDS} s.
 */
public final class KexWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KexWorkers.class);
    /** One thread per core: the steps are pure computation. */
    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    /** Steps waiting for a thread, over all sources: a burst of 16 handshakes per thread, about 100 ms of work each. */
    public static final int DEFAULT_QUEUE = 16 * DEFAULT_THREADS;
    /** Steps queued or running per source address: a NAT'd office logs in in parallel, a flooder waits its turn. */
    public static final int DEFAULT_MAX_PER_SOURCE = 4;
    private static final long WARN_INTERVAL_SECONDS = 10;

    private final ThreadPoolExecutor executor;
    private final int maxPerSource;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS));
    private final AtomicLong refusedSinceWarn = new AtomicLong();

    public KexWorkers(int threads, int queue, int maxPerSource) {
        if (threads < 1 || queue < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("key exchange workers need a thread, a queue and a per-source allowance");
        }
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), task -> {
            Thread thread = new Thread(task, "sshnetty-kex-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
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
     * Runs {@code step} on a worker for {@code source} (null when unknown, counted as one source); returns
     * its future, or null when the source has its share in flight or the queue is full.
     */
    public <T> CompletableFuture<T> submit(InetAddress source, Supplier<T> step) {
        InetAddress key = source == null ? InetAddress.getLoopbackAddress() : source;
        AtomicInteger count = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerSource) {
            release(key, count);
            refused(key, "its share of key exchange workers is in use");
            return null;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(step.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    release(key, count);
                }
            });
        } catch (RejectedExecutionException full) {
            release(key, count);
            refused(key, "the key exchange queue is full");
            return null;
        }
        return result;
    }

    private void release(InetAddress key, AtomicInteger count) {
        if (count.decrementAndGet() == 0) {
            inFlight.remove(key, count);
        }
    }

    private void refused(InetAddress source, String why) {
        refusedSinceWarn.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS) && lastWarnNanos.compareAndSet(last, now)) {
            log.warn("key exchange refused for {}: {} ({} refused in the last {} s)", source.getHostAddress(), why,
                    refusedSinceWarn.getAndSet(0), WARN_INTERVAL_SECONDS);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
