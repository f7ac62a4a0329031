package io.sshnetty.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Java server ({@link ServerCommand}) in a JVM of its own, started with the run's JVM flags. */
public final class JavaServerProcess implements Target {
    private final ServerKind kind;
    private final Process process;
    private final BufferedReader out;
    private final Writer control;
    private final int port;

    private JavaServerProcess(ServerKind kind, Process process, BufferedReader out, int port) {
        this.kind = kind;
        this.process = process;
        this.out = out;
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.port = port;
    }

    /**
     * Starts the server through bash so that its open-file limit is raised to the hard limit first
     * (idle scenarios hold one descriptor per connection).
     */
    public static JavaServerProcess start(ServerKind kind, BenchFiles files, List<String> jvmFlags, Path log) throws IOException {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(jvmFlags);
        java.add("-Dorg.slf4j.simpleLogger.logFile=" + log);
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(BenchMain.class.getName());
        java.add("server");
        java.add("--impl=" + (kind == ServerKind.SSHNETTY ? "sshnetty" : "mina"));
        java.add("--dir=" + files.dir());
        java.add("--sftp-root=" + files.sftpRoot());
        StringBuilder script = new StringBuilder(Machine.RAISE_OPEN_FILES + " exec");
        for (String arg : java) {
            script.append(' ').append(Shell.quote(arg));
        }
        Process process = new ProcessBuilder("bash", "-c", script.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(Path.of(log + ".stderr").toFile()))
                .start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        while (line != null && !line.startsWith("READY ")) { // the JVM's own lines, e.g. JFR's "Started recording"
            line = reader.readLine();
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException(kind.label() + " did not start (" + line + "); see " + log + ".stderr");
        }
        return new JavaServerProcess(kind, process, reader, Integer.parseInt(line.substring(6).trim()));
    }

    @Override
    public ServerKind kind() {
        return kind;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public long cpuMillis() throws IOException {
        return ProcStat.cpuMillis(process.pid());
    }

    @Override
    public long jitCpuMillis() throws IOException {
        return ProcStat.jitCpuMillis(process.pid());
    }

    @Override
    public long rssBytes() throws IOException {
        return ProcStat.rssBytes(process.pid());
    }

    @Override
    public synchronized long[] heapAndDirect() throws IOException {
        control.write("memory\n");
        control.flush();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("MEMORY ")) {
                String[] parts = line.split(" ");
                return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
            }
        }
        throw new IOException(kind.label() + " exited");
    }

    @Override
    public String sftpPath(String name) {
        return "/" + name;
    }

    @Override
    public void close() {
        try {
            control.write("quit\n");
            control.flush();
            control.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
