package io.sshnetty.bench;

import java.io.IOException;

/**
 * A server's CPU clocks read when a measured phase starts; {@link #used()} reads them again and gives what the
 * phase cost: all the server's CPU, and the part its JIT compiler threads took.
 */
final class CpuMeter {
    /** CPU used over a phase, in ms; NaN where the server's process is not known. */
    record Used(double totalMillis, double jitMillis) {
    }

    private final Target target;
    private final long totalBefore;
    private final long jitBefore;

    private CpuMeter(Target target, long totalBefore, long jitBefore) {
        this.target = target;
        this.totalBefore = totalBefore;
        this.jitBefore = jitBefore;
    }

    static CpuMeter start(Target target) throws IOException {
        return new CpuMeter(target, target.cpuMillis(), target.jitCpuMillis());
    }

    Used used() throws IOException {
        long total = target.cpuMillis();
        long jit = target.jitCpuMillis();
        return new Used(totalBefore < 0 || total < 0 ? Double.NaN : total - totalBefore,
                jitBefore < 0 || jit < 0 ? Double.NaN : jit - jitBefore);
    }
}
