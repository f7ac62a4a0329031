package io.sshnetty.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real OpenSSH client as a process against a server on loopback. */
final class OpenSshClient {
    /** Generous: a 64 MiB transfer on a loaded 2-core machine takes seconds, not minutes. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Path workDir;
    private final int port;
    private final Path identity;
    private final String user;

    OpenSshClient(Path workDir, int port, Path identity) {
        this(workDir, port, identity, "user");
    }

    private OpenSshClient(Path workDir, int port, Path identity, String user) {
        this.workDir = workDir;
        this.port = port;
        this.identity = identity;
        this.user = user;
    }

    /** The same client logging in as another user name. */
    OpenSshClient as(String otherUser) {
        return new OpenSshClient(workDir, port, identity, otherUser);
    }

    /** What one ssh run came to. */
    record Result(int exitStatus, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** The ssh command line up to and including the destination, with our test defaults. */
    List<String> argv(List<String> options) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", Integer.toString(port),
                "-i", identity.toString(), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes"));
        argv.addAll(options);
        argv.addAll(List.of("-o", "LogLevel=ERROR")); // after the caller's: for ssh, the first value given wins
        argv.add(user + "@127.0.0.1");
        return argv;
    }

    /** {@code ssh [options] user@127.0.0.1 command} with {@code stdin} as its input (may be null). */
    Result run(List<String> options, String command, byte[] stdin) throws IOException, InterruptedException {
        List<String> argv = argv(options);
        if (command != null) {
            argv.add(command);
        }
        Path in = Files.createTempFile(workDir, "stdin", "");
        Path out = Files.createTempFile(workDir, "stdout", "");
        Path err = Files.createTempFile(workDir, "stderr", "");
        Files.write(in, stdin == null ? new byte[0] : stdin);
        Process process = new ProcessBuilder(argv).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            assertTrue(false, "ssh did not finish in " + TIMEOUT_SECONDS + " s: " + argv + "\n" + Files.readString(err));
        }
        Result result = new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
        Files.delete(in);
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** Like {@link #run(List, String, byte[])} with a file as stdin; stdout is read into memory. */
    Result runWithInput(List<String> options, String command, Path stdin) throws IOException, InterruptedException {
        return runFiles(options, command, stdin, null);
    }

    /** Like {@link #run(List, String, byte[])} with stdout left in a file (its bytes are not returned). */
    Result runToFile(List<String> options, String command, Path stdout) throws IOException, InterruptedException {
        return runFiles(options, command, null, stdout);
    }

    private Result runFiles(List<String> options, String command, Path stdin, Path stdout)
            throws IOException, InterruptedException {
        List<String> argv = argv(options);
        argv.add(command);
        Path err = Files.createTempFile(workDir, "stderr", "");
        Path out = stdout != null ? stdout : Files.createTempFile(workDir, "stdout", "");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile()) : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            assertTrue(false, "ssh did not finish in " + TIMEOUT_SECONDS + " s: " + argv + "\n" + Files.readString(err));
        }
        byte[] output = stdout != null ? new byte[0] : Files.readAllBytes(out);
        Result result = new Result(process.exitValue(), output, Files.readString(err));
        Files.delete(err);
        if (stdout == null) {
            Files.delete(out);
        }
        return result;
    }

    Result run(String command) throws IOException, InterruptedException {
        return run(List.of(), command, null);
    }
}
