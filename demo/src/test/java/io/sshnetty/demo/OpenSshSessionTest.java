package io.sshnetty.demo;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.server.OpenSshClient;
import io.sshnetty.server.SshServer;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session channels as the real OpenSSH client uses them: pseudo-terminals, shells with and without one,
 * signals, a ControlMaster connection carrying many sessions of different types at once.
 */
class OpenSshSessionTest {
    @TempDir
    static Path dir;

    private static ExecutorService pumps;
    private static SshServer server;
    private static OpenSshClient client;
    private static Path controlPath;
    private static Process master;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        pumps = Executors.newCachedThreadPool();
        LocalProcesses processes = new LocalProcesses(pumps);
        server = SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .exec(processes.exec())
                .shell(processes.shell())
                .subsystem("echo", session -> Command.process(OpenSshSessionTest::echo))
                .subsystem("count", session -> new CountingCommand())
                .subsystem("flood", session -> Command.process(OpenSshSessionTest::flood))
                .requestPolicy(request -> !("exec".equals(request.type()) && request.detail().startsWith("forbidden")))
                .acceptEnvironment(name -> name.startsWith("LC_"))
                .maxSessions(32)
                .build();
        InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
        client = new OpenSshClient(dir, address.getPort(), key);
        controlPath = dir.resolve("cm");
        List<String> argv = client.argv(List.of("-o", "ControlMaster=yes", "-o", "ControlPath=" + controlPath, "-N"));
        master = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("master.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(controlPath); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(controlPath), "ControlMaster did not start: " + Files.readString(dir.resolve("master.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (master != null) {
            master.destroy();
            master.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (pumps != null) {
            pumps.shutdownNow();
        }
    }

    /** A subsystem that sends back what it reads. */
    private static int echo(io.sshnetty.connection.session.CommandIo io) throws IOException {
        io.stdin().transferTo(io.stdout());
        return 0;
    }

    private static final int FLOOD_BYTES = 16 * 1024 * 1024;
    /** What {@link #flood} has written so far: it blocks in write once the client stops taking data. */
    private static final java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();

    /** A subsystem that writes 16 MiB of output in 8 KiB writes, counting what each write let through. */
    private static int flood(io.sshnetty.connection.session.CommandIo io) throws IOException {
        byte[] piece = new byte[8 * 1024];
        for (int written = 0; written < FLOOD_BYTES; written += piece.length) {
            io.stdout().write(piece);
            flooded.addAndGet(piece.length);
        }
        return 0;
    }

    /** An event-loop command: counts stdin to EOF, answers with the count. No thread of its own. */
    private static final class CountingCommand implements io.sshnetty.connection.session.ChannelCommand {
        private io.sshnetty.connection.session.ChannelSession channel;
        private long count;

        @Override
        public void start(io.sshnetty.connection.session.ChannelSession session) {
            channel = session;
        }

        @Override
        public void onData(io.sshnetty.connection.session.ChannelSession from, io.netty.buffer.ByteBuf data) {
            count += data.readableBytes();
            channel.consumed(data.readableBytes());
            data.release();
        }

        @Override
        public void onEof() {
            channel.write(io.netty.buffer.Unpooled.copiedBuffer(count + "\n", StandardCharsets.UTF_8));
            channel.exit(0);
        }
    }

    private static List<String> viaMaster(String... more) {
        List<String> options = new ArrayList<>(List.of("-o", "ControlMaster=no", "-o", "ControlPath=" + controlPath));
        options.addAll(List.of(more));
        return options;
    }

    @Test
    void ttyRequestGivesAPseudoTerminal() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-tt"), "tty", null);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertTrue(result.stdoutText().trim().matches("/dev/pts/\\d+"), result.stdoutText());
    }

    @Test
    void shellWithoutTerminalReadsCommandsFromStdin() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-T"), null,
                "echo from-shell; echo oops >&2; exit 7\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(7, result.exitStatus(), result.stderr());
        assertEquals("from-shell\n", result.stdoutText());
        assertEquals("oops\n", result.stderr());
    }

    @Test
    void commandKilledBySignalComesBackAsExitSignal() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-v"), "sh -c 'kill -TERM $$'", null);
        assertEquals(255, result.exitStatus(), result.stderr());
        assertTrue(result.stderr().contains("rtype exit-signal"), result.stderr());
    }

    @Test
    void acceptedEnvironmentReachesTheCommandAndOthersDoNot() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-o", "SetEnv=LC_SSHNETTY=yes OTHER_SSHNETTY=no"),
                "echo \"$LC_SSHNETTY/$OTHER_SSHNETTY\"", null);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("yes/\n", result.stdoutText());
    }

    @Test
    void twentyParallelExecsShareOneConnection() throws Exception {
        List<Future<OpenSshClient.Result>> runs = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            for (int i = 0; i < 20; i++) {
                String command = "sleep 0.5; echo run-" + i;
                runs.add(clients.submit(() -> client.run(viaMaster(), command, null)));
            }
            for (int i = 0; i < 20; i++) {
                OpenSshClient.Result result = runs.get(i).get(120, TimeUnit.SECONDS);
                assertEquals(0, result.exitStatus(), result.stderr());
                assertEquals("run-" + i + "\n", result.stdoutText());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void ptyShellExecsAndSubsystemServeSideBySideOnOneConnection() throws Exception {
        PtyProcess shell = startInTerminal(viaMaster("-tt"), 80, 24);
        try {
            ExecutorService others = Executors.newFixedThreadPool(4);
            try {
                Future<OpenSshClient.Result> exec1 = others.submit(() -> client.run(viaMaster(), "sleep 1; echo one", null));
                Future<OpenSshClient.Result> exec2 = others.submit(() -> client.run(viaMaster(), "sleep 1; echo two", null));
                byte[] payload = new byte[256 * 1024];
                new SecureRandom().nextBytes(payload);
                Future<OpenSshClient.Result> subsystem = others.submit(() -> client.run(viaMaster("-s"), "echo", payload));
                type(shell, "echo shell-$((6*7))\n");
                awaitOutput(shell, "shell-42");
                assertEquals("one\n", exec1.get(60, TimeUnit.SECONDS).stdoutText());
                assertEquals("two\n", exec2.get(60, TimeUnit.SECONDS).stdoutText());
                OpenSshClient.Result echoed = subsystem.get(60, TimeUnit.SECONDS);
                assertEquals(0, echoed.exitStatus(), echoed.stderr());
                assertTrue(java.util.Arrays.equals(payload, echoed.stdout()), "subsystem echo differs");
                type(shell, "exit 0\n");
                assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, shell.exitValue());
            } finally {
                others.shutdownNow();
            }
        } finally {
            shell.destroy();
        }
    }

    @Test
    void eventLoopSubsystemCountsEightMebibytes() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-s"), "count", new byte[8 * 1024 * 1024]);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals(8 * 1024 * 1024 + "\n", result.stdoutText());
    }

    /**
     * A client that stops reading holds the command back: the command gets no further than the client's
     * window (OpenSSH's 2 MiB), what the client's pipe and buffers hold, and the stream's bound on bytes in
     * flight (256 KiB); once the client reads again, every byte arrives.
     */
    @Test
    void commandOutputWaitsForAClientThatStopsReading() throws Exception {
        flooded.set(0);
        List<String> argv = client.argv(List.of("-s"));
        argv.add("flood");
        Process ssh = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long before = -1;
            long now = flooded.get();
            for (int i = 0; i < 100 && (now != before || now == 0); i++) {
                Thread.sleep(200);
                before = now;
                now = flooded.get();
            }
            assertEquals(before, now, "the command never stopped");
            assertTrue(now < 3 * 1024 * 1024, "the command got " + now + " bytes past a client that reads nothing");
            long received;
            try (InputStream out = ssh.getInputStream()) {
                received = out.transferTo(OutputStream.nullOutputStream());
            }
            assertTrue(ssh.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, ssh.exitValue());
            assertEquals(FLOOD_BYTES, received);
        } finally {
            ssh.destroyForcibly();
        }
    }

    @Test
    void execRefusedByThePolicyIsReportedAndTheHandlerNeverRuns() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-v"), "forbidden; echo ran", null);
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("exec request failed on channel 0"), result.stderr());
        assertEquals("", result.stdoutText());
    }

    @Test
    void refusedSubsystemIsReportedByTheClient() throws Exception {
        OpenSshClient.Result refused = client.run(List.of("-v", "-s"), "no-such-subsystem", null);
        assertEquals(255, refused.exitStatus());
        assertTrue(refused.stderr().contains("subsystem request failed on channel 0"), refused.stderr());
    }

    @Test
    void refusedRequestsLeaveTheSharedConnectionUsable() throws Exception {
        assertEquals(255, client.run(viaMaster("-s"), "no-such-subsystem", null).exitStatus());
        assertEquals(255, client.run(viaMaster("-s"), "another-missing-one", null).exitStatus());
        OpenSshClient.Result after = client.run(viaMaster(), "echo still-here", null);
        assertEquals(0, after.exitStatus(), after.stderr());
        assertEquals("still-here\n", after.stdoutText());
    }

    @Test
    void interactiveShellSurvivesAResizeAndExits() throws Exception {
        PtyProcess shell = startInTerminal(List.of("-tt"), 100, 30);
        try {
            type(shell, "stty size\n");
            awaitOutput(shell, "30 100");
            shell.setWinSize(new WinSize(120, 40)); // ssh gets SIGWINCH and sends window-change
            Thread.sleep(300);
            type(shell, "stty size\n");
            awaitOutput(shell, "40 120");
            type(shell, "exit 3\n");
            assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
            assertEquals(3, shell.exitValue());
        } finally {
            shell.destroy();
        }
    }

    /** Runs the ssh client itself on a pseudo-terminal of the given size, as a person at a terminal would. */
    private static PtyProcess startInTerminal(List<String> options, int columns, int rows) throws IOException {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("TERM", "xterm");
        PtyProcess process = new PtyProcessBuilder(client.argv(options).toArray(new String[0]))
                .setEnvironment(environment)
                .setInitialColumns(columns)
                .setInitialRows(rows)
                .setRedirectErrorStream(true)
                .start();
        OUTPUT.put(process, new ByteArrayOutputStream());
        Thread reader = new Thread(() -> drain(process), "terminal-reader");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static final Map<PtyProcess, ByteArrayOutputStream> OUTPUT = new java.util.concurrent.ConcurrentHashMap<>();

    private static void drain(PtyProcess process) {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                ByteArrayOutputStream out = OUTPUT.get(process);
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the terminal is gone
        }
    }

    private static void type(PtyProcess process, String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits until the terminal has shown {@code expected} (in output that follows what it typed). */
    private static void awaitOutput(PtyProcess process, String expected) throws InterruptedException {
        ByteArrayOutputStream out = OUTPUT.get(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String seen;
            synchronized (out) {
                seen = out.toString(StandardCharsets.UTF_8);
            }
            // The command line is echoed too, and a slow shell may print its prompt after that echo, so the
            // answer can follow a prompt ("# 30 100"). No typed command ends with its own answer.
            for (String line : seen.split("\r?\n")) {
                if (line.trim().endsWith(expected)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        String seen;
        synchronized (out) {
            seen = out.toString(StandardCharsets.UTF_8);
        }
        throw new AssertionError("terminal never showed " + expected + "; it showed:\n" + seen);
    }

}
