package io.sshnetty.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What Linux's /proc says about a process: CPU time (proc(5), fields 14–17 of {@code stat}, in clock
 * ticks) and resident memory ({@code VmRSS} of {@code status}).
 */
public final class ProcStat {
    /** USER_HZ: the unit of /proc's CPU times; 100 on every Linux architecture that matters here. */
    public static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** CPU time of {@code pid} in ms: user + system, plus that of its reaped children (sshd's per-connection processes). */
    public static long cpuMillis(long pid) throws IOException {
        return cpuMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** Parses a /proc/PID/stat line; the command name in parentheses may itself hold spaces and parentheses. */
    static long cpuMillis(String statLine) {
        // utime, stime, cutime, cstime are fields 14..17.
        return statFieldsMillis(statLine, 14, 17);
    }

    /** The sum of fields {@code first..last} (proc(5)'s numbering) of a stat line, clock ticks turned into ms. */
    private static long statFieldsMillis(String statLine, int first, int last) {
        // What follows the name starts at field 3 (state).
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" +");
        long ticks = 0;
        for (int field = first; field <= last; field++) {
            ticks += Long.parseLong(fields[field - 3]);
        }
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU time in ms of the JIT compiler threads of the JVM {@code pid} (HotSpot names them "C1 CompilerThread…"
     * and "C2 CompilerThread…"; Linux keeps 15 characters of a thread's name): a JVM's start-up cost, told
     * apart from the work a measured phase asked for.
     */
    public static long jitCpuMillis(long pid) throws IOException {
        long millis = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    millis += threadCpuMillis(stat);
                }
            }
        }
        return millis;
    }

    /** user + system time of one thread's /proc/PID/task/TID/stat line (fields 14 and 15), in ms. */
    static long threadCpuMillis(String statLine) {
        return statFieldsMillis(statLine, 14, 15);
    }

    /** Resident set size of {@code pid} in bytes; 0 when the process is gone. */
    public static long rssBytes(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        try {
            return rssBytes(Files.readString(status));
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }

    static long rssBytes(String statusText) {
        return memoryField(statusText, "VmRSS:");
    }

    /** A "Name:   123 kB" line of /proc's status or smaps_rollup, in bytes; 0 if absent. */
    static long memoryField(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    /**
     * Proportional set size of {@code pid} and all its descendants (sshd forks two processes per
     * connection): each shared page counts once in all, where a sum of RSS would count it per process.
     */
    public static long treePssBytes(long pid) throws IOException {
        long total = pssBytes(pid);
        for (long child : descendants(pid)) {
            total += pssBytes(child);
        }
        return total;
    }

    /** {@code Pss} of /proc/PID/smaps_rollup in bytes; 0 when the process is gone. */
    public static long pssBytes(long pid) throws IOException {
        try {
            return memoryField(Files.readString(Path.of("/proc", Long.toString(pid), "smaps_rollup")), "Pss:");
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }

    static List<Long> descendants(long pid) {
        List<Long> all = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(handle -> handle.descendants().forEach(child -> all.add(child.pid())));
        return all;
    }
}
