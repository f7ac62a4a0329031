package io.sshnetty.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs an SSH client other than OpenSSH's (plink, pscp, dbclient, python3 with paramiko) as a process in tests.
 * Public for the demo module's tests, which get it through this module's test-jar.
 */
public final class ClientProcess {
    /** Generous: a few MiB on a loaded 2-core machine take seconds. */
    private static final long TIMEOUT_SECONDS = 60;

    private ClientProcess() {
    }

    /** What one run came to. */
    public record Result(int exitStatus, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitStatus + ", stdout " + stdout.length + " bytes, stderr:\n" + stderr;
        }
    }

    /**
     * Runs {@code argv} in {@code workDir} with {@code environment} added, {@code stdin} (or /dev/null) as its
     * input; stdout and stderr go through files, so neither can block the process.
     */
    public static Result run(Path workDir, List<String> argv, Map<String, String> environment, Path stdin)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", "");
        Path err = Files.createTempFile(workDir, "stderr", "");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(stdin != null ? stdin.toFile() : new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(argv + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** Runs {@code argv} in {@code workDir}, expects exit status 0 (a key conversion, say). */
    public static void runOrFail(Path workDir, String... argv) throws IOException, InterruptedException {
        Result result = run(workDir, List.of(argv), Map.of(), null);
        if (result.exitStatus() != 0) {
            fail(String.join(" ", argv) + ": " + result);
        }
    }

    /** {@code length} seeded random bytes written to {@code file}. */
    public static byte[] randomFile(Path file, int length, long seed) throws IOException {
        byte[] data = new byte[length];
        new java.util.Random(seed).nextBytes(data);
        Files.write(file, data);
        return data;
    }

    public static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
