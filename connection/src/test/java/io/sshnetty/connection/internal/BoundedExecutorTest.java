package io.sshnetty.connection.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedExecutorTest {
    @Test
    void runsAtMostItsThreadsQueuesAtMostItsCapacityAndRefusesTheRest() throws Exception {
        BoundedExecutor executor = new BoundedExecutor("test", 3, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        Runnable blocking = () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException stopped) {
                interrupted.incrementAndGet();
            } finally {
                running.decrementAndGet();
            }
        };
        for (int i = 0; i < 5; i++) {
            executor.execute(blocking);
        }
        assertThrows(RejectedExecutionException.class, () -> executor.execute(blocking));
        for (int i = 0; i < 200 && running.get() < 3; i++) {
            Thread.sleep(10);
        }
        assertEquals(3, running.get());
        assertEquals(2, executor.shutdownNow().size(), "the queued tasks never started");
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(3, interrupted.get(), "shutdownNow interrupts the running tasks");
        assertEquals(3, most.get());
        assertTrue(executor.largestThreadCount() <= 3);
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
    }

    @Test
    void withoutAQueueATaskRunsAtOnceOrIsRefused() throws Exception {
        BoundedExecutor executor = new BoundedExecutor("test", 1, 0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        executor.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
        release.countDown();
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }
}
