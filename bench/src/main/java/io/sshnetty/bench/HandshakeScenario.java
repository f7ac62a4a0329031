package io.sshnetty.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Full handshakes — connect, KEX, publickey, exec {@code true}, exit status, close — by {@code concurrency}
 * client threads for a fixed time after a warm-up: connections/s, latency percentiles, and the server's
 * CPU time per handshake read from /proc around the measured phase.
 */
public final class HandshakeScenario {
    /** What one measured phase gave. */
    public record Outcome(int handshakes, double perSecond, double p50Millis, double p99Millis, double serverCpuMillisPerHandshake,
                          double jitCpuMillisPerHandshake, int failures, String firstFailure) {
    }

    private HandshakeScenario() {
    }

    public static Outcome run(MinaLoad load, Target target, int concurrency, double warmupSeconds, double seconds)
            throws IOException, InterruptedException {
        phase(load, target, concurrency, warmupSeconds, null);
        CpuMeter cpu = CpuMeter.start(target);
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        PhaseResult phase = phase(load, target, concurrency, seconds, latencies);
        CpuMeter.Used used = cpu.used();
        double[] values = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        int count = values.length;
        return new Outcome(count, count / phase.elapsedSeconds, Stats.percentile(values, 50), Stats.percentile(values, 99),
                count == 0 ? Double.NaN : used.totalMillis() / count, count == 0 ? Double.NaN : used.jitMillis() / count,
                phase.failures, phase.firstFailure);
    }

    private record PhaseResult(double elapsedSeconds, int failures, String firstFailure) {
    }

    private static PhaseResult phase(MinaLoad load, Target target, int concurrency, double seconds,
                                     ConcurrentLinkedQueue<Double> latencies) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long begun = System.nanoTime();
                    try {
                        load.handshake(target, sequence.getAndIncrement());
                        if (latencies != null) {
                            latencies.add((System.nanoTime() - begun) / 1e6);
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
            }, "handshake-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new PhaseResult((System.nanoTime() - start) / 1e9, failures.get(), firstFailure.get());
    }
}
