package io.sshnetty.sftp.server;

import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.CommandIo;
import io.sshnetty.connection.session.ProcessCommand;
import io.sshnetty.connection.session.ExecRequest;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.WindowSize;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The legacy scp protocol against hostile patterns, link loops and modes (review H7, M6). */
class ScpHostileTest {
    @TempDir
    Path root;

    private ScpExec scp;

    @BeforeEach
    void createScp() {
        scp = new ScpExec(SftpSubsystem.builder().root(root).build(), request -> null);
    }

    /** One scp command run in-process: we play the client's side of the protocol over pipes. */
    private final class Run implements AutoCloseable {
        final DataInputStream fromScp;
        final OutputStream toScp;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Run(String command) throws IOException {
            PipedInputStream stdin = new PipedInputStream(1 << 16);
            toScp = new PipedOutputStream(stdin);
            PipedInputStream stdout = new PipedInputStream(1 << 16);
            PipedOutputStream scpOut = new PipedOutputStream(stdout);
            fromScp = new DataInputStream(stdout);
            Command running = scp.exec(new ExecRequest(command,
                    new SessionInfo("mallory", "test", new InetSocketAddress("127.0.0.1", 1), Map.of(), null)));
            Thread thread = new Thread(() -> {
                try {
                    exit.complete(((ProcessCommand) running).run(io(stdin, scpOut)));
                } catch (Throwable e) {
                    exit.completeExceptionally(e);
                } finally {
                    try {
                        scpOut.close();
                    } catch (IOException ignored) {
                        // the test reads no more
                    }
                }
            }, "scp");
            thread.setDaemon(true);
            thread.start();
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = fromScp.read()) != '\n') {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        void send(int b) throws IOException {
            toScp.write(b);
            toScp.flush();
        }

        void send(String text) throws IOException {
            toScp.write(text.getBytes(StandardCharsets.UTF_8));
            toScp.flush();
        }

        @Override
        public void close() throws IOException {
            toScp.close();
        }
    }

    private static CommandIo io(InputStream stdin, OutputStream stdout) {
        return new CommandIo() {
            @Override
            public InputStream stdin() {
                return stdin;
            }

            @Override
            public OutputStream stdout() {
                return stdout;
            }

            @Override
            public OutputStream stderr() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public SessionInfo session() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void onSignal(Consumer<String> listener) {
            }

            @Override
            public void onWindowChange(Consumer<WindowSize> listener) {
            }

            @Override
            public void onBreak(IntConsumer listener) {
            }

            @Override
            public void exitSignal(String signal, boolean coreDumped, String message) {
            }
        };
    }

    /**
     * Plays the sink for {@code scp -f}: acknowledges everything, and after {@code giveUpAfter} directory
     * lines answers with an error, as a client would that had enough. Returns every line received.
     */
    private static List<String> sink(Run run, int giveUpAfter) throws IOException {
        List<String> lines = new ArrayList<>();
        int directories = 0;
        run.send(0);
        String line;
        while ((line = run.readLine()) != null) {
            lines.add(line);
            char kind = line.isEmpty() ? ' ' : line.charAt(0);
            if (kind == '\u0001' || kind == '\u0002') {
                continue;
            }
            if (kind == 'D' && ++directories > giveUpAfter) {
                run.send("\u0001enough\n");
                continue;
            }
            if (kind == 'C') {
                run.send(0);
                long size = Long.parseLong(line.split(" ")[1]);
                run.fromScp.readFully(new byte[(int) size]);
                run.fromScp.read();
            }
            run.send(0);
        }
        return lines;
    }

    @Test
    void recursionDoesNotFollowALinkToItsOwnDirectory() throws Exception {
        Files.createDirectory(root.resolve("loop"));
        Files.writeString(root.resolve("loop/file"), "x");
        Files.createSymbolicLink(root.resolve("loop/self"), Path.of("."));
        List<String> lines = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Run run = new Run("scp -r -f /loop")) {
                return sink(run, 50);
            }
        });
        assertEquals(1, lines.stream().filter(line -> line.startsWith("D")).count(), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("C") && line.endsWith(" file")), lines.toString());
    }

    @Test
    void aGlobOfManyStarsAgainstALongNameAnswersAtOnce() throws Exception {
        Files.createDirectory(root.resolve("g"));
        Files.writeString(root.resolve("g/" + "a".repeat(100)), "x");
        Files.writeString(root.resolve("g/ab"), "y");
        List<String> lines = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (Run run = new Run("scp -f /g/" + "*a".repeat(12) + "*b /g/*a*b")) {
                return sink(run, 10);
            }
        });
        assertTrue(lines.get(0).startsWith("\u0001scp: /g/*a*a") && lines.get(0).endsWith("No such file or directory"),
                lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.equals("C0644 1 ab") || line.endsWith(" 1 ab")), lines.toString());
    }

    @Test
    void setIdBitsOfScpPAreDropped() throws Exception {
        try (Run run = new Run("scp -p -t /")) {
            assertEquals(0, run.fromScp.read());
            run.send("C4755 5 tool\n");
            assertEquals(0, run.fromScp.read());
            run.send("hello");
            run.send(0);
            assertEquals(0, run.fromScp.read());
        }
        assertEquals("hello", Files.readString(root.resolve("tool")));
        assertEquals(0755, (Integer) Files.getAttribute(root.resolve("tool"), "unix:mode") & 07777);
    }
}
