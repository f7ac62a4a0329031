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

    OpenSshClient(Path workDir, int port, Path identity) {
        this.workDir = workDir;
        this.port = port;
        this.identity = identity;
    }

    /** What one ssh run came to. */
    record Result(int exitStatus, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code ssh [options] user@127.0.0.1 command} with {@code stdin} as its input (may be null). The
     * options come first, so they win over the defaults here (ssh keeps the first value of each option).
     */
    Result run(List<String> options, String command, byte[] stdin) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ssh"));
        argv.addAll(options);
        argv.addAll(defaults(command));
        return execute(argv, stdin);
    }

    Result run(String command) throws IOException, InterruptedException {
        return run(List.of(), command, null);
    }

    /**
     * As {@link #run(List, String, byte[])}, with {@code sshpass} typing {@code password} at ssh's password
     * (or keyboard-interactive) prompt; BatchMode is off, since it disables passwords.
     */
    Result runWithPassword(String password, List<String> options, String command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sshpass", "-p", password, "ssh"));
        argv.addAll(options);
        argv.addAll(List.of("-o", "BatchMode=no"));
        argv.addAll(defaults(command));
        return execute(argv, null);
    }

    private List<String> defaults(String command) {
        return List.of("-F", "/dev/null", "-p", Integer.toString(port),
                "-i", identity.toString(), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", "user@127.0.0.1", command);
    }

    private Result execute(List<String> argv, byte[] stdin) throws IOException, InterruptedException {
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
}
