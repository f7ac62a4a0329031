package io.sshnetty.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatTest {
    @Test
    void cpuTimeAddsUserSystemAndReapedChildrenWhateverTheCommandName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (sshd: a) (b)) S 1 4242 4242 0 -1 4194560 1000 2000 0 0 150 50 300 100 20 0 1 0 5000 1 2 3\n";
        assertEquals((150 + 50 + 300 + 100) * 10, ProcStat.cpuMillis(stat));
    }

    @Test
    void aThreadsCpuTimeIsItsOwnUserAndSystemTime() {
        String stat = "4243 (C2 CompilerThre) S 1 4242 4242 0 -1 4194560 1000 2000 0 0 150 50 300 100 20 0 1 0 5000 1 2 3\n";
        assertEquals((150 + 50) * 10, ProcStat.threadCpuMillis(stat));
    }

    @Test
    void residentSizeComesFromVmRssInKibibytes() {
        String status = "Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t   51200 kB\nRssAnon:\t 100 kB\n";
        assertEquals(51200L * 1024, ProcStat.rssBytes(status));
        assertEquals(0, ProcStat.rssBytes("Name:\tkthread\n"));
        assertEquals(12L * 1024, ProcStat.memoryField("Rss:   40 kB\nPss:   12 kB\n", "Pss:"));
    }

    @Test
    void readsThisProcess() throws Exception {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcStat.cpuMillis(pid) >= 0);
        // HotSpot has compiled something by the time a test runs, but its compiler threads may not have a tick yet.
        long jit = ProcStat.jitCpuMillis(pid);
        assertTrue(jit >= 0 && jit <= ProcStat.cpuMillis(pid), jit + " ms of JIT");
        assertTrue(ProcStat.rssBytes(pid) > 1 << 20, "a JVM holds more than 1 MiB");
        assertTrue(ProcStat.treePssBytes(pid) > 1 << 20);
        assertEquals(0, ProcStat.rssBytes(Long.MAX_VALUE));
    }
}
