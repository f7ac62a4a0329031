package io.sshnetty.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The whole comparison in one command: starts each server in turn (sshnetty and MINA SSHD in JVMs of their
 * own with the same flags, OpenSSH's sshd with its own configuration), runs every scenario against it, and
 * writes the table and the chart.
 */
@Command(name = "run", aliases = "all", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the comparison and writes docs/performance.md's results and its SVG chart.")
public final class RunCommand implements Callable<Integer> {
    static final long GIB = 1L << 30;
    static final long MIB = 1L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Smoke-test sizes: 16 MiB transfers, 1,000 idle connections, 2 s handshake phases.")
    boolean quick;

    @Option(names = "--servers", split = ",", defaultValue = "sshd,mina,sshnetty", description = "Servers to run (default: ${DEFAULT-VALUE}).")
    List<String> servers;

    @Option(names = "--scenarios", split = ",", defaultValue = "handshake,bulk,sftp,idle,idle-max",
            description = "Scenarios to run (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--kex", split = ",", defaultValue = "curve25519-sha256,mlkem768x25519-sha256",
            description = "Key exchanges of the handshake scenario (default: ${DEFAULT-VALUE}).")
    List<String> kexes;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,32,64", description = "Handshake concurrencies (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrencies;

    @Option(names = "--handshake-seconds", defaultValue = "8", description = "Measured seconds per handshake run (default: ${DEFAULT-VALUE}).")
    double handshakeSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Warm-up seconds before each handshake run (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--ciphers", split = ",", defaultValue = "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr",
            description = "Bulk ciphers; aes128-ctr runs with hmac-sha2-256-etm@openssh.com (default: ${DEFAULT-VALUE}).")
    List<String> ciphers;

    @Option(names = "--bulk-bytes", defaultValue = "1073741824", description = "Bytes per bulk transfer (default: 1 GiB).")
    long bulkBytes;

    @Option(names = "--transfer-warmup-bytes", defaultValue = "536870912",
            description = "Bytes of an unmeasured transfer of the same kind before each measured bulk or SFTP transfer, so every "
                    + "server is measured warm, as a long-running server is (default: 512 MiB).")
    long transferWarmupBytes;

    @Option(names = "--sftp-bytes", defaultValue = "1073741824", description = "Bytes per SFTP run, split over the streams (default: 1 GiB).")
    long sftpBytes;

    @Option(names = "--sftp-streams", split = ",", defaultValue = "1,8", description = "Parallel sftp processes (default: ${DEFAULT-VALUE}).")
    List<Integer> sftpStreams;

    @Option(names = "--idle-connections", defaultValue = "2000", description = "Idle connections per Java server (default: ${DEFAULT-VALUE}).")
    int idleConnections;

    @Option(names = "--idle-connections-sshd", defaultValue = "500",
            description = "Idle connections for sshd, which forks two processes per connection (default: ${DEFAULT-VALUE}).")
    int idleConnectionsSshd;

    @Option(names = "--idle-max", defaultValue = "100000",
            description = "Idle connections to hold with one sshnetty process, capped by the open-file limit (default: ${DEFAULT-VALUE}).")
    int idleMax;

    @Option(names = "--jvm-flags", defaultValue = "-Xmx2g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20",
            description = "Flags of both Java servers' JVMs; the free ratios let a full GC give back what idle connections do not hold (default: ${DEFAULT-VALUE}).")
    String jvmFlags;

    @Option(names = "--profile", description = "Record a JFR profile of each Java server in the work directory.")
    boolean profile;

    @Option(names = "--histogram", description = "Write each Java server's class histogram while its idle connections are held (logs/SERVER-idle.histo).")
    boolean histogram;

    @Option(names = "--sshd-address", description = "HOST:PORT of an sshd started by hand (with the work directory's authorized_keys) instead of starting one.")
    String sshdAddress;

    @Option(names = "--sshd-pid", defaultValue = "-1", description = "That sshd's process id, for its CPU time and memory.")
    long sshdPid;

    @Option(names = "--sshd-sftp-dir", defaultValue = "/tmp", description = "A directory that sshd's sftp-server may write.")
    String sshdSftpDir;

    @Option(names = "--work-dir", defaultValue = "/dev/shm/sshnetty-bench",
            description = "Keys, logs and transferred files; on tmpfs so the disk is not measured (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--append", description = "Add to the figures of earlier runs (kept in the work directory's results.tsv) "
            + "instead of starting afresh: a comparison taken in several shorter runs.")
    boolean append;

    @Option(names = "--report", defaultValue = "docs/performance.md", description = "Markdown file whose results section is replaced (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--chart", defaultValue = "docs/performance.svg", description = "SVG chart to write (default: ${DEFAULT-VALUE}).")
    Path chart;

    private final Results results = new Results();
    private final Map<String, RowSpec> rows = new LinkedHashMap<>();
    private BenchFiles files;

    /** A row being filled, server by server, and its target. */
    private record RowSpec(String section, String name, String unit, boolean higherIsBetter, Map<ServerKind, Double> values,
                           String target, Function<Map<ServerKind, Double>, Boolean> met) {
    }

    @Override
    public Integer call() throws Exception {
        if (quick) {
            bulkBytes = Math.min(bulkBytes, 16 * MIB);
            sftpBytes = Math.min(sftpBytes, 16 * MIB);
            idleConnections = Math.min(idleConnections, 1000);
            idleConnectionsSshd = Math.min(idleConnectionsSshd, 200);
            idleMax = Math.min(idleMax, 2000);
            handshakeSeconds = Math.min(handshakeSeconds, 2);
            warmupSeconds = Math.min(warmupSeconds, 1);
            transferWarmupBytes = Math.min(transferWarmupBytes, 4 * MIB);
        }
        started = Instant.now();
        loadBefore = Machine.loadAverage();
        files = BenchFiles.create(workDir.resolve("keys"), workDir.resolve("sftp"));
        Files.createDirectories(workDir.resolve("logs"));
        Files.createDirectories(workDir.resolve("local"));
        log("work directory " + workDir + "; user key " + files.userKey() + " (authorized_keys " + files.authorizedKeys() + ")");
        Path zeros = BenchFiles.sparseFile(workDir.resolve("local").resolve("zeros.bin"), bulkBytes);
        Path warmupZeros = BenchFiles.sparseFile(workDir.resolve("local").resolve("warmup-zeros.bin"), transferWarmupBytes);
        for (ServerKind kind : List.of(ServerKind.SSHD, ServerKind.MINA, ServerKind.SSHNETTY)) {
            if (!servers.contains(name(kind)) || kind == ServerKind.SSHD && sshdAddress == null && !OpenSshd.available()) {
                continue;
            }
            if (scenarios.contains("handshake") || scenarios.contains("bulk") || scenarios.contains("sftp")) {
                try (Target target = start(kind, "load")) {
                    if (scenarios.contains("handshake")) {
                        handshakes(target);
                    }
                    if (scenarios.contains("bulk")) {
                        bulk(target, zeros, warmupZeros);
                    }
                    if (scenarios.contains("sftp")) {
                        sftp(target);
                    }
                }
            }
            if (scenarios.contains("idle")) {
                try (Target target = start(kind, "idle")) {
                    idle(target, kind == ServerKind.SSHD ? idleConnectionsSshd : idleConnections);
                }
            }
            publish();
        }
        if (scenarios.contains("idle-max") && servers.contains("sshnetty")) {
            try (Target target = start(ServerKind.SSHNETTY, "idle-max")) {
                idleMax(target);
            }
        }
        Files.deleteIfExists(zeros);
        Files.deleteIfExists(warmupZeros);
        System.out.println(publish());
        log("wrote " + report + " and " + chart);
        return 0;
    }

    private Instant started;
    private String loadBefore;
    private Results earlier;
    private String earlierHeaders;

    /**
     * Writes what has been measured so far (with an earlier run's figures under {@code --append}) to the
     * work directory's results.tsv, the report and the chart; called after every server, so an interrupted
     * run keeps what it took. Returns the tables.
     */
    private String publish() throws IOException {
        Path tsv = workDir.resolve("results.tsv");
        Path headers = workDir.resolve("runs.md");
        if (earlier == null) {
            boolean keep = append && Files.exists(tsv);
            earlier = keep ? Results.fromTsv(Files.readString(tsv)) : new Results();
            earlierHeaders = keep && Files.exists(headers) ? Files.readString(headers) + "\n" : "";
        }
        Results now = new Results();
        for (RowSpec row : rows.values()) {
            Boolean met = row.target.isEmpty() ? null : row.met.apply(row.values);
            now.add(row.section, row.name, row.unit, row.higherIsBetter, new EnumMap<>(row.values), row.target, met);
        }
        results.notes().forEach(now::note);
        Results all = Results.fromTsv(earlier.toTsv());
        all.merge(now);
        long seconds = started.until(Instant.now(), ChronoUnit.SECONDS);
        String header = Machine.describe(String.join(" ", spec.commandLine().getParseResult().originalArgs()), started,
                seconds, loadBefore, Machine.loadAverage(), jvmFlags);
        Files.writeString(tsv, all.toTsv());
        Files.writeString(headers, earlierHeaders + header);
        String tables = ReportWriter.tables(all);
        Report.write(report, earlierHeaders + header + "\n" + tables);
        Files.writeString(chart, SvgChart.draw(all, "sshnetty beside Apache MINA SSHD and OpenSSH sshd, "
                + started.truncatedTo(ChronoUnit.MINUTES)));
        return tables;
    }

    private static String name(ServerKind kind) {
        return switch (kind) {
            case SSHD -> "sshd";
            case MINA -> "mina";
            case SSHNETTY -> "sshnetty";
        };
    }

    private Target start(ServerKind kind, String phase) throws IOException, InterruptedException {
        Path logs = workDir.resolve("logs");
        if (kind == ServerKind.SSHD) {
            if (sshdAddress != null) {
                int colon = sshdAddress.lastIndexOf(':');
                return new RemoteTarget(ServerKind.SSHD, sshdAddress.substring(0, colon),
                        Integer.parseInt(sshdAddress.substring(colon + 1)), sshdPid, sshdSftpDir);
            }
            return OpenSshd.start(files, logs.resolve("sshd-" + phase + ".log"));
        }
        List<String> flags = new ArrayList<>(List.of(jvmFlags.trim().split("\\s+")));
        if (profile) {
            flags.add("-XX:StartFlightRecording=filename=" + logs.resolve(name(kind) + "-" + phase + ".jfr") + ",settings=profile");
        }
        return JavaServerProcess.start(kind, files, flags, logs.resolve(name(kind) + "-" + phase + ".log"));
    }

    private void handshakes(Target target) throws Exception {
        for (String kex : kexes) {
            if (target.kind() == ServerKind.SSHD && kex.startsWith("mlkem") && !Machine.sshdHasMlKem()) {
                results.note("OpenSSH sshd " + Machine.opensshVersion() + " has no " + kex + " (added in 9.9): not measured.");
                continue;
            }
            try (MinaLoad load = new MinaLoad(files.userKey(), kex, "aes128-gcm@openssh.com", null)) {
                String refused = load.probe(target, Duration.ofSeconds(20));
                if (refused != null) {
                    results.note(target.kind().label() + " with MINA SSHD " + Machine.minaVersion() + "'s client: no " + kex
                            + " handshake (" + refused + "): not measured.");
                    log("no " + kex + " handshake: " + refused);
                    continue;
                }
                for (int concurrency : concurrencies) {
                    log(target.kind().label() + ": handshakes, " + kex + ", concurrency " + concurrency);
                    HandshakeScenario.Outcome outcome = HandshakeScenario.run(load, target, concurrency, warmupSeconds, handshakeSeconds);
                    if (outcome.failures() > 0) {
                        results.note(target.kind().label() + ", " + kex + ", concurrency " + concurrency + ": " + outcome.failures()
                                + " failed handshakes, first: " + outcome.firstFailure());
                    }
                    String prefix = kex + ", concurrency " + concurrency + ": ";
                    boolean c64 = concurrency == 64;
                    put("handshake", prefix + "connections/s", "1/s", true, target, outcome.perSecond(),
                            c64 ? "≥ 1.5× MINA" : "", v -> at(v, ServerKind.SSHNETTY) >= 1.5 * at(v, ServerKind.MINA));
                    put("handshake", prefix + "p50 latency", "ms", false, target, outcome.p50Millis(), "", v -> true);
                    put("handshake", prefix + "p99 latency", "ms", false, target, outcome.p99Millis(),
                            "≤ MINA", v -> at(v, ServerKind.SSHNETTY) <= at(v, ServerKind.MINA));
                    put("handshake", prefix + "server CPU per handshake", "ms", false, target, outcome.serverCpuMillisPerHandshake(),
                            "≤ ½ MINA", v -> at(v, ServerKind.SSHNETTY) <= 0.5 * at(v, ServerKind.MINA));
                    put("handshake", prefix + "of which the JIT compiler threads", "ms", false, target,
                            outcome.jitCpuMillisPerHandshake(), "", v -> true);
                }
            }
        }
    }

    private void bulk(Target target, Path zeros, Path warmupZeros) throws Exception {
        for (String cipher : ciphers) {
            String mac = cipher.endsWith("-ctr") ? "hmac-sha2-256-etm@openssh.com" : null;
            String label = cipher + (mac == null ? "" : " + " + mac);
            try (MinaLoad load = new MinaLoad(files.userKey(), "curve25519-sha256", cipher, mac)) {
                for (boolean up : new boolean[] {true, false}) {
                    String name = label + ", MINA client, " + (up ? "up" : "down");
                    transfer(target, "bulk " + size(bulkBytes), name, "≥ 1.2× MINA",
                            v -> at(v, ServerKind.SSHNETTY) >= 1.2 * at(v, ServerKind.MINA),
                            bytes -> TransferScenarios.minaBulk(load, target, bytes, up), bulkBytes);
                }
            }
            for (boolean up : new boolean[] {true, false}) {
                String name = label + ", OpenSSH client, " + (up ? "up" : "down");
                transfer(target, "bulk " + size(bulkBytes), name, "≥ MINA and sshd",
                        v -> at(v, ServerKind.SSHNETTY) >= at(v, ServerKind.MINA) && at(v, ServerKind.SSHNETTY) >= at(v, ServerKind.SSHD),
                        bytes -> TransferScenarios.sshBulk(files, target, bytes, up, cipher, mac, bytes == bulkBytes ? zeros : warmupZeros),
                        bulkBytes);
            }
        }
    }

    private void sftp(Target target) throws Exception {
        String section = "sftp " + size(sftpBytes) + " (OpenSSH sftp, chacha20-poly1305)";
        for (int streams : sftpStreams) {
            for (boolean get : new boolean[] {true, false}) {
                String name = (get ? "get" : "put") + ", " + streams + (streams == 1 ? " stream" : " streams");
                transfer(target, section, name, "≥ sshd and ≥ 1.5× MINA",
                        v -> at(v, ServerKind.SSHNETTY) >= at(v, ServerKind.SSHD) && at(v, ServerKind.SSHNETTY) >= 1.5 * at(v, ServerKind.MINA),
                        bytes -> TransferScenarios.sftp(files, target, bytes, streams, get, workDir.resolve("local")), sftpBytes);
            }
        }
    }

    /** One transfer of a given size; returns MB/s. */
    private interface Transfer {
        double run(long bytes) throws Exception;
    }

    /**
     * Runs {@code transfer} once unmeasured with {@link #transferWarmupBytes}, so that the JIT has compiled the
     * path before the clock starts (as the handshake phases have their warm-up), then measures it with
     * {@code bytes}: its MB/s and the server's CPU seconds per GiB moved. Where the client caps the rate (two
     * cores shared by client and server), the CPU figure is the one that shows the server's own cost; for sshd
     * it counts the per-connection processes it has reaped, as the handshake figure does.
     */
    private void transfer(Target target, String section, String name, String targetText, Predicate<Map<ServerKind, Double>> met,
                          Transfer transfer, long bytes) throws IOException {
        log(target.kind().label() + ": " + section + ", " + name);
        if (transferWarmupBytes > 0 && Double.isNaN(measure(target, () -> transfer.run(transferWarmupBytes)))) {
            log("warm-up failed; measuring anyway");
        }
        CpuMeter cpu = CpuMeter.start(target);
        double mbps = measure(target, () -> transfer.run(bytes));
        put(section, name, "MB/s", true, target, mbps, targetText, met);
        double perGiB = cpu.used().totalMillis() / 1000.0 / (bytes / (double) (1L << 30));
        put(section, name + ": server CPU per GiB", "s", false, target, perGiB, "", v -> true);
    }

    private void idle(Target target, int connections) throws Exception {
        log(target.kind().label() + ": " + connections + " idle connections");
        try (MinaLoad load = new MinaLoad(files.userKey(), "curve25519-sha256", "aes128-gcm@openssh.com", null)) {
            Path histo = histogram ? workDir.resolve("logs").resolve(name(target.kind()) + "-idle.histo") : null;
            IdleScenario.Outcome outcome = IdleScenario.run(load, target, connections, histo);
            if (outcome.failure() != null) {
                results.note(target.kind().label() + ", idle: " + outcome.failure());
            }
            results.note(target.kind().label() + ": " + outcome.held() + " idle connections held for the memory figures.");
            put("idle connections", "RSS growth per connection (sshd: PSS of all its processes)", "kB", false, target, outcome.rssPerConnection() / 1000,
                    "≤ 16 kB", v -> at(v, ServerKind.SSHNETTY) <= 16);
            put("idle connections", "heap (after GC) + direct growth per connection", "kB", false, target,
                    outcome.heapDirectPerConnection() / 1000, "", v -> true);
        }
    }

    private void idleMax(Target target) throws Exception {
        long limit = Machine.openFileHardLimit();
        int connections = (int) Math.min(idleMax, limit - 1000);
        log("sshnetty: holding " + connections + " idle connections (open-file hard limit " + limit + ")");
        if (connections < idleMax) {
            results.note("Idle maximum: asked for " + idleMax + " connections, tried " + connections
                    + ": the open-file hard limit here is " + limit + " and could not be raised further (setrlimit refused it).");
        }
        try (MinaLoad load = new MinaLoad(files.userKey(), "curve25519-sha256", "aes128-gcm@openssh.com", null)) {
            IdleScenario.Outcome outcome = IdleScenario.run(load, target, connections);
            if (outcome.failure() != null) {
                results.note("sshnetty, idle maximum: " + outcome.failure());
            }
            put("idle connections, one sshnetty process", "connections held", "", true, target, (double) outcome.held(),
                    "100,000", v -> at(v, ServerKind.SSHNETTY) >= 100_000);
            put("idle connections, one sshnetty process", "RSS growth per connection at the maximum", "kB", false, target,
                    outcome.rssPerConnection() / 1000, "≤ 16 kB", v -> at(v, ServerKind.SSHNETTY) <= 16);
            put("idle connections, one sshnetty process", "heap (after GC) + direct per connection at the maximum", "kB", false, target,
                    outcome.heapDirectPerConnection() / 1000, "", v -> true);
        }
    }

    private interface Measurement {
        double run() throws Exception;
    }

    /** Runs one measurement; a failure becomes a note and a missing value, not the end of the run. */
    private double measure(Target target, Measurement measurement) {
        try {
            return measurement.run();
        } catch (Exception e) {
            results.note(target.kind().label() + ": " + e);
            log("failed: " + e);
            return Double.NaN;
        }
    }

    private void put(String section, String name, String unit, boolean higherIsBetter, Target target, double value,
                     String targetText, Predicate<Map<ServerKind, Double>> met) {
        RowSpec row = rows.computeIfAbsent(section + "\u0000" + name, key -> new RowSpec(section, name, unit, higherIsBetter,
                new EnumMap<>(ServerKind.class), targetText, values -> {
                    try {
                        return met.test(values);
                    } catch (NullPointerException missing) {
                        return null;
                    }
                }));
        row.values.put(target.kind(), value);
    }

    private static double at(Map<ServerKind, Double> values, ServerKind kind) {
        Double value = values.get(kind);
        if (value == null || value.isNaN()) {
            throw new NullPointerException(kind + " not measured");
        }
        return value;
    }

    static String size(long bytes) {
        if (bytes % GIB == 0) {
            return bytes / GIB + " GiB";
        }
        if (bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        return bytes + " B";
    }

    private static void log(String message) {
        System.out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), message);
    }
}
