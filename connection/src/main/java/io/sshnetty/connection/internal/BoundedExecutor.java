package io.sshnetty.connection.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor for blocking work (process-style commands, file I/O) with a hard bound: at most
 * {@code maxThreads} tasks run at once, at most {@code queueCapacity} wait, and anything beyond is refused
 * at once with {@link RejectedExecutionException} rather than queued without limit or given one thread
 * more. Its threads are virtual where the JVM has them (JDK 21+), platform daemon threads otherwise; the
 * bound applies either way, since a blocked virtual thread still pins a file descriptor, a process or a
 * carrier. Idle threads end after a minute.
 */
public final class BoundedExecutor extends AbstractExecutorService {
    private static final long IDLE_SECONDS = 60;

    private final ThreadPoolExecutor pool;
    private final int maxThreads;

    /**
     * @param name          prefix of the threads' names
     * @param maxThreads    tasks running at once
     * @param queueCapacity tasks waiting for a thread; 0 for none (a task runs at once or is refused)
     */
    public BoundedExecutor(String name, int maxThreads, int queueCapacity) {
        if (maxThreads < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("maxThreads must be at least 1 and queueCapacity not negative");
        }
        this.maxThreads = maxThreads;
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        this.pool = new ThreadPoolExecutor(maxThreads, maxThreads, IDLE_SECONDS, TimeUnit.SECONDS, queue, threads(name),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} on a free thread, or queues it; throws {@link RejectedExecutionException} when full or shut down. */
    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** The most tasks that run at once. */
    public int maxThreads() {
        return maxThreads;
    }

    /** Tasks running now (approximate, as {@link ThreadPoolExecutor#getActiveCount()}). */
    public int activeCount() {
        return pool.getActiveCount();
    }

    /** The most threads this executor has had at once. */
    public int largestThreadCount() {
        return pool.getLargestPoolSize();
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /** Stops accepting tasks and interrupts those running; returns those that never started. */
    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    /** Virtual threads where the JVM has them (looked up reflectively: the library targets Java 17). */
    private static ThreadFactory threads(String name) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, name + "-", 1L);
            Method factory = builderType.getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException noVirtualThreads) {
            AtomicInteger count = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
