package io.sshnetty.auth.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pools where authentication work that may take milliseconds runs instead of the event loop: signature
 * verification, authorized_keys reads, blocking password checks.
 */
public final class BlockingWork {
    /** Idle threads end after this long, so a quiet server holds none. */
    private static final long KEEP_ALIVE_SECONDS = 30;

    private BlockingWork() {
    }

    /**
     * A pool of {@code threads} daemon threads named {@code sshnetty-<name>-<n>} (made when first needed,
     * ended when idle) with at most {@code queueLength} waiting tasks: one more is rejected with a
     * {@link java.util.concurrent.RejectedExecutionException}, which the caller turns into a failed attempt.
     */
    public static ThreadPoolExecutor boundedDaemonPool(String name, int threads, int queueLength) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueLength), task -> {
                    Thread thread = new Thread(task, "sshnetty-" + name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
