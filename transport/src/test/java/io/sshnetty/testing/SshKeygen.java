package io.sshnetty.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs OpenSSH's {@code ssh-keygen} as a real peer in tests; skips the test when it is not installed. */
public final class SshKeygen {
    private SshKeygen() {
    }

    /** Runs {@code ssh-keygen args…} in {@code dir}, expects exit status 0 and returns stdout and stderr. */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        Result result = tryRun(dir, args);
        assertEquals(0, result.exitStatus(), () -> "ssh-keygen " + String.join(" ", args) + ":\n" + result.output());
        return result.output();
    }

    /** Runs {@code ssh-keygen args…} in {@code dir} and returns its exit status and output, whatever they are. */
    public static Result tryRun(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ssh-keygen");
        command.addAll(List.of(args));
        // No skipping when ssh-keygen is missing: the suite needs it (.ci/run installs openssh-client).
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ssh-keygen did not finish");
        return new Result(process.exitValue(), output);
    }

    /** Makes an unencrypted ed25519 key {@code name} (and {@code name.pub}) in {@code dir}. */
    public static Path newEd25519Key(Path dir, String name, String comment) throws IOException, InterruptedException {
        run(dir, "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", name);
        return dir.resolve(name);
    }

    /** An exit status and the merged stdout and stderr. */
    public record Result(int exitStatus, String output) {
    }
}
