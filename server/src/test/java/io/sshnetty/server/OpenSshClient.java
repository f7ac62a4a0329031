package io.sshnetty.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real OpenSSH client as a process against a server on loopback. A caller's options come
 * before the defaults here, so they win: ssh keeps the first value it is given for each option. Public for the
 * demo module's tests, which get it through this module's test-jar.
 */
public final class OpenSshClient {
    /** Generous: a 256 MiB transfer on a loaded 2-core machine takes seconds, not minutes. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Path workDir;
    private final int port;
    private final Path identity;
    private final String user;

    public OpenSshClient(Path workDir, int port, Path identity) {
        this(workDir, port, identity, "user");
    }

    private OpenSshClient(Path workDir, int port, Path identity, String user) {
        this.workDir = workDir;
        this.port = port;
        this.identity = identity;
        this.user = user;
    }

    /** The server's port. */
    public int port() {
        return port;
    }

    /** The same client logging in as another user name. */
    public OpenSshClient as(String otherUser) {
        return new OpenSshClient(workDir, port, identity, otherUser);
    }

    /** What one ssh run came to. */
    public record Result(int exitStatus, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** The ssh command line up to and including the destination: the caller's options, then our defaults. */
    public List<String> argv(List<String> options) {
        List<String> argv = new ArrayList<>(List.of("ssh"));
        argv.addAll(options);
        argv.addAll(List.of("-F", "/dev/null", "-p", Integer.toString(port), "-i", identity.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"));
        argv.add(user + "@127.0.0.1");
        return argv;
    }

    /** {@code ssh [options] user@127.0.0.1 command} with {@code stdin} as its input (may be null). */
    public Result run(List<String> options, String command, byte[] stdin) throws IOException, InterruptedException {
        Path in = Files.createTempFile(workDir, "stdin", "");
        try {
            Files.write(in, stdin == null ? new byte[0] : stdin);
            return execute(withCommand(argv(options), command), in, null);
        } finally {
            Files.delete(in);
        }
    }

    public Result run(String command) throws IOException, InterruptedException {
        return run(List.of(), command, null);
    }

    /**
     * As {@link #run(List, String, byte[])}, with {@code sshpass} typing {@code password} at ssh's password
     * (or keyboard-interactive) prompt; BatchMode is off, since it disables passwords.
     */
    public Result runWithPassword(String password, List<String> options, String command) throws IOException, InterruptedException {
        List<String> withoutBatch = new ArrayList<>(options);
        withoutBatch.addAll(List.of("-o", "BatchMode=no"));
        List<String> argv = new ArrayList<>(List.of("sshpass", "-p", password));
        argv.addAll(withCommand(argv(withoutBatch), command));
        return execute(argv, null, null);
    }

    /** With a file as stdin; stdout is read into memory. */
    public Result runWithInput(List<String> options, String command, Path stdin) throws IOException, InterruptedException {
        return execute(withCommand(argv(options), command), stdin, null);
    }

    /** With stdout left in a file (its bytes are not returned). */
    public Result runToFile(List<String> options, String command, Path stdout) throws IOException, InterruptedException {
        return execute(withCommand(argv(options), command), null, stdout);
    }

    private static List<String> withCommand(List<String> argv, String command) {
        if (command != null) {
            argv.add(command);
        }
        return argv;
    }

    private Result execute(List<String> argv, Path stdin, Path stdout) throws IOException, InterruptedException {
        Path err = Files.createTempFile(workDir, "stderr", "");
        Path out = stdout != null ? stdout : Files.createTempFile(workDir, "stdout", "");
        Process process = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(stdin != null ? stdin.toFile() : new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            assertTrue(false, "ssh did not finish in " + TIMEOUT_SECONDS + " s: " + argv + "\n" + Files.readString(err));
        }
        Result result = new Result(process.exitValue(), stdout != null ? new byte[0] : Files.readAllBytes(out),
                Files.readString(err));
        Files.delete(err);
        if (stdout == null) {
            Files.delete(out);
        }
        return result;
    }
}
