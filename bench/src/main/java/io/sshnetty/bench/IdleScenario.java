package io.sshnetty.bench;

import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idle connections: N authenticated connections, each with an open session channel, held while the
 * server's memory is read; memory per connection is the growth over the server's own baseline (taken
 * after a warm-up of the same connections, opened and closed) divided by N.
 */
public final class IdleScenario {
    /** Concurrent connection attempts while the idle connections are opened. */
    static final int OPEN_CONCURRENCY = 32;
    /** Connections opened and closed before the baseline, so JIT, pools and caches are not counted per connection. */
    static final int WARMUP_CONNECTIONS = 200;

    /**
     * @param held         connections held when memory was read
     * @param rssPerConnection RSS growth per connection in bytes
     * @param heapDirectPerConnection heap-after-GC plus direct growth per connection in bytes; NaN without a JVM
     * @param failure      why fewer than asked were held, or null
     */
    public record Outcome(int held, double rssPerConnection, double heapDirectPerConnection, String failure) {
    }

    private IdleScenario() {
    }

    public static Outcome run(MinaLoad load, Target target, int connections) throws IOException, InterruptedException {
        return run(load, target, connections, null);
    }

    /**
     * As {@link #run(MinaLoad, Target, int)}; with {@code histogram} not null, also writes a Java server's
     * class histogram ({@code jcmd PID GC.class_histogram}) there while the connections are held, to name
     * what each connection retains.
     */
    public static Outcome run(MinaLoad load, Target target, int connections, Path histogram) throws IOException, InterruptedException {
        List<ClientSession> warm = open(load, target, Math.min(WARMUP_CONNECTIONS, connections), new AtomicReference<>());
        closeAll(warm);
        Thread.sleep(1000);
        long[] memoryBefore = target.heapAndDirect();
        long rssBefore = target.rssBytes();
        AtomicReference<String> failure = new AtomicReference<>();
        List<ClientSession> sessions = open(load, target, connections, failure);
        try {
            Thread.sleep(2000);
            long[] memoryAfter = target.heapAndDirect();
            long rssAfter = target.rssBytes();
            int held = (int) sessions.stream().filter(ClientSession::isOpen).count();
            if (histogram != null && target instanceof JavaServerProcess server) {
                classHistogram(server.pid(), histogram);
            }
            double heapDirect = memoryBefore == null || held == 0 ? Double.NaN
                    : ((memoryAfter[0] + memoryAfter[1]) - (memoryBefore[0] + memoryBefore[1])) / (double) held;
            return new Outcome(held, held == 0 ? Double.NaN : (rssAfter - rssBefore) / (double) held, heapDirect, failure.get());
        } finally {
            closeAll(sessions);
        }
    }

    /** Opens up to {@code count} sessions with a session channel each; stops at the first failure. */
    static List<ClientSession> open(MinaLoad load, Target target, int count, AtomicReference<String> failure)
            throws InterruptedException {
        ConcurrentLinkedQueue<ClientSession> sessions = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < OPEN_CONCURRENCY; i++) {
            Thread worker = new Thread(() -> {
                for (int n; failure.get() == null && (n = next.getAndIncrement()) < count; ) {
                    try {
                        ClientSession session = load.session(target, n);
                        sessions.add(session);
                        ClientChannel channel = MinaLoad.openSessionChannel(session);
                        if (!channel.isOpen()) {
                            throw new IOException("session channel closed");
                        }
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, "after " + sessions.size() + " connections: " + e);
                    }
                }
            }, "idle-open-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new ArrayList<>(sessions);
    }

    private static void classHistogram(long pid, Path file) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
    }

    static void closeAll(List<ClientSession> sessions) {
        for (ClientSession session : sessions) {
            session.close(true);
        }
    }
}
