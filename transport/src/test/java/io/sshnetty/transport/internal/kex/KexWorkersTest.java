package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key exchange steps off the event loops: every source waits in its own line, served in turn. */
@Timeout(60)
class KexWorkersTest {
    private static final InetAddress FLOODER = address(2);
    private static final InetAddress USER = address(3);

    @Test
    void aBurstFromOneSourceWaitsInLineInsteadOfBeingTurnedAway() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (KexWorkers workers = new KexWorkers(2, 512, 4)) {
            List<CompletableFuture<Integer>> steps = new ArrayList<>();
            for (int i = 0; i < 64; i++) { // a NAT'd office logging in 64 times at once
                int value = i;
                steps.add(workers.submit(USER, () -> {
                    await(gate);
                    return value;
                }));
            }
            gate.countDown();
            for (int i = 0; i < steps.size(); i++) {
                assertNotNull(steps.get(i), "step " + i + " was refused");
                assertEquals(i, steps.get(i).get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aSourceWithOneStepIsServedBeforeAFloodersBacklog() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (KexWorkers workers = new KexWorkers(1, 512, 1)) {
            List<CompletableFuture<String>> steps = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String name = "flood-" + i;
                steps.add(workers.submit(FLOODER, () -> {
                    await(gate);
                    order.add(name);
                    return name;
                }));
            }
            CompletableFuture<String> user = workers.submit(USER, () -> {
                order.add("user");
                return "user";
            });
            gate.countDown();
            assertEquals("user", user.get(30, TimeUnit.SECONDS));
            for (CompletableFuture<String> step : steps) {
                assertNotNull(step, "the flooder's steps wait in its line");
                step.get(30, TimeUnit.SECONDS);
            }
            assertEquals(List.of("flood-0", "user", "flood-1"), order.subList(0, 3),
                    "the user's step goes right after the one running when it came");
        }
    }

    @Test
    void whenTheQueueIsFullTheLongestLineGivesWay() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        try (KexWorkers workers = new KexWorkers(1, 4, 1)) {
            List<CompletableFuture<Integer>> flood = new ArrayList<>();
            for (int i = 0; i < 5; i++) { // one runs (held by the gate), four wait: the queue is full
                int value = i;
                flood.add(workers.submit(FLOODER, () -> {
                    firstStarted.countDown();
                    await(gate);
                    return value;
                }));
                if (i == 0) {
                    assertTrue(firstStarted.await(30, TimeUnit.SECONDS));
                }
            }
            assertNull(workers.submit(FLOODER, () -> -1), "the longest line's newcomer is refused");
            CompletableFuture<Integer> user = workers.submit(USER, () -> 42);
            assertNotNull(user, "a source with a shorter line gets in");
            ExecutionException gaveWay = assertThrows(ExecutionException.class, () -> flood.get(4).get(30, TimeUnit.SECONDS));
            SshProtocolException refusal = assertInstanceOf(SshProtocolException.class, gaveWay.getCause());
            assertEquals(DisconnectReason.TOO_MANY_CONNECTIONS, refusal.reason());
            gate.countDown();
            assertEquals(42, user.get(30, TimeUnit.SECONDS));
            for (int i = 0; i < 4; i++) {
                assertEquals(i, flood.get(i).get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aSourceRunsAtMostItsShareAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch twoStarted = new CountDownLatch(2);
        AtomicInteger started = new AtomicInteger();
        try (KexWorkers workers = new KexWorkers(4, 64, 2)) {
            List<CompletableFuture<Integer>> flood = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                flood.add(workers.submit(FLOODER, () -> {
                    started.incrementAndGet();
                    twoStarted.countDown();
                    await(gate);
                    return 0;
                }));
            }
            assertTrue(twoStarted.await(30, TimeUnit.SECONDS));
            // Two of four threads hold the flooder's steps; the user's step runs at once on another.
            assertEquals(7, workers.submit(USER, () -> 7).get(30, TimeUnit.SECONDS));
            assertEquals(2, started.get(), "the flooder's other four steps wait for its running ones");
            gate.countDown();
            for (CompletableFuture<Integer> step : flood) {
                step.get(30, TimeUnit.SECONDS);
            }
            assertEquals(6, started.get());
        }
    }

    @Test
    void closingRefusesTheWaitingStepsAndLaterOnes() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        KexWorkers workers = new KexWorkers(1, 16, 4);
        CompletableFuture<Integer> running = workers.submit(USER, () -> {
            await(gate);
            return 1;
        });
        CompletableFuture<Integer> waiting = workers.submit(USER, () -> 2);
        workers.close();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
        assertEquals(DisconnectReason.TOO_MANY_CONNECTIONS, ((SshProtocolException) refused.getCause()).reason());
        assertNull(workers.submit(USER, () -> 3));
        assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS), "its worker was interrupted");
    }

    private static void await(CountDownLatch gate) {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
