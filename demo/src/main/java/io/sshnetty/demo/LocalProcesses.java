package io.sshnetty.demo;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.PtyHelpers;
import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.CommandIo;
import io.sshnetty.connection.session.ExecHandler;
import io.sshnetty.connection.session.PtyRequest;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.ShellHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The demo's exec and shell: local processes running as the server's own user in its home directory, as
 * sshd runs them. exec runs {@code /bin/sh -c COMMAND}; shell runs the user's login shell. With a
 * "pty-req" the process gets a real pseudo-terminal (pty4j) of the requested type and size, resized on
 * "window-change"; without one it gets pipes, and stderr stays separate. Streams are pumped with
 * back-pressure both ways; "signal" requests are delivered to the process.
 *
 * <p>Exit by signal: the JDK (and pty4j) report a process killed by signal N as exit status 128 + N,
 * which a shell's {@code exit 128+N} also produces. Like a shell reporting "Terminated", the demo takes
 * 128 + N for the signals RFC 4254 §6.10 names as death by that signal and sends "exit-signal".
 */
public final class LocalProcesses {
    private static final Logger log = LoggerFactory.getLogger(LocalProcesses.class);
    private static final int BUFFER_SIZE = 32 * 1024;
    /** Linux signal numbers of the names RFC 4254 §6.10 defines. */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("ABRT", 6), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15));

    private final ExecutorService pumps;
    private final Path home = Path.of(System.getProperty("user.home"));

    /** @param pumps runs the blocking stream pumps */
    public LocalProcesses(ExecutorService pumps) {
        this.pumps = pumps;
    }

    /** exec: {@code /bin/sh -c COMMAND}. */
    public ExecHandler exec() {
        return request -> Command.process(io -> run(List.of("/bin/sh", "-c", request.command()), io));
    }

    /** shell: the login shell of the server's user ({@code $SHELL}, else /bin/sh). */
    public ShellHandler shell() {
        return session -> Command.process(io -> run(List.of(loginShell(), "-l"), io));
    }

    private static String loginShell() {
        String shell = System.getenv("SHELL");
        return shell != null && Files.isExecutable(Path.of(shell)) ? shell : "/bin/sh";
    }

    private int run(List<String> argv, CommandIo io) throws IOException, InterruptedException, ExecutionException {
        SessionInfo session = io.session();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(session.environment());
        if (session.remoteAddress() instanceof InetSocketAddress) {
            InetSocketAddress remote = (InetSocketAddress) session.remoteAddress();
            environment.put("SSH_CLIENT", remote.getAddress().getHostAddress() + " " + remote.getPort() + " 0");
        }
        log.debug("[{}] {} for {}: {}", session.connectionId(), session.pty() == null ? "pipes" : "pty", session.user(), argv);
        int status = session.pty() == null ? runOnPipes(argv, environment, io) : runOnPty(argv, environment, session.pty(), io);
        reportSignal(status, io);
        return status;
    }

    private int runOnPipes(List<String> argv, Map<String, String> environment, CommandIo io)
            throws IOException, InterruptedException, ExecutionException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(home.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        io.onSignal(name -> signal(process.pid(), name));
        try {
            pumps.execute(() -> pumpInput(io.stdin(), process.getOutputStream(), true));
            Future<?> stdout = pumps.submit(() -> pumpOutput(process.getInputStream(), io.stdout(), process));
            Future<?> stderr = pumps.submit(() -> pumpOutput(process.getErrorStream(), io.stderr(), process));
            int status = process.waitFor();
            stdout.get();
            stderr.get();
            return status;
        } finally {
            process.destroy();
        }
    }

    private int runOnPty(List<String> argv, Map<String, String> environment, PtyRequest pty, CommandIo io)
            throws IOException, InterruptedException, ExecutionException {
        environment.put("TERM", pty.term().isEmpty() ? "dumb" : pty.term());
        PtyProcess process = new PtyProcessBuilder(argv.toArray(new String[0]))
                .setEnvironment(environment)
                .setDirectory(home.toString())
                .setInitialColumns(Math.max(1, pty.columns()))
                .setInitialRows(Math.max(1, pty.rows()))
                .setRedirectErrorStream(true)
                .setUnixOpenTtyToPreserveOutputAfterTermination(true)
                .start();
        io.onSignal(name -> signal(process.pid(), name));
        io.onWindowChange(size -> process.setWinSize(new WinSize(Math.max(1, size.columns()), Math.max(1, size.rows()))));
        try {
            // A terminal cannot be half-closed: closing it at the client's EOF would hang up the shell (as sshd, keep it).
            pumps.execute(() -> pumpInput(io.stdin(), process.getOutputStream(), false));
            Future<?> output = pumps.submit(() -> pumpOutput(process.getInputStream(), io.stdout(), process));
            int status = process.waitFor();
            output.get();
            return status;
        } finally {
            process.destroy();
        }
    }

    private static void signal(long pid, String name) {
        Integer number = SIGNALS.get(name);
        if (number != null) {
            PtyHelpers.getInstance().kill((int) pid, number);
        }
    }

    private static void reportSignal(int status, CommandIo io) {
        if (status > 128) {
            SIGNALS.forEach((name, number) -> {
                if (status == 128 + number) {
                    io.exitSignal(name, false, "");
                }
            });
        }
    }

    /** The client's data into the process; its input closes at the client's EOF when {@code closeAtEof}. */
    private static void pumpInput(InputStream channelIn, OutputStream processIn, boolean closeAtEof) {
        try {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = channelIn.read(buffer)) >= 0) {
                processIn.write(buffer, 0, n);
                processIn.flush();
            }
            if (closeAtEof) {
                processIn.close();
            }
        } catch (IOException e) {
            log.trace("input pump ended: {}", e.toString());
        } finally {
            try {
                channelIn.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** The process's output onto the channel; if the channel is gone, the process is stopped. */
    private static Void pumpOutput(InputStream processOut, OutputStream channelOut, Process process) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream out = processOut) {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                channelOut.write(buffer, 0, n);
            }
            channelOut.flush();
        } catch (IOException e) {
            if (!process.isAlive()) {
                return null; // a pty reports EIO once the process is gone: that is its end of output
            }
            process.destroy();
            throw e;
        }
        return null;
    }
}
