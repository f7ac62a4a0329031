package io.sshnetty.demo;

import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.KeyFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo server's host key options. */
class DemoServerOptionsTest {
    @TempDir
    Path dir;

    @Test
    void passphraseProtectedHostKeyIsRefusedWithAClearMessage() throws Exception {
        SshKeygen.run(dir, "-q", "-t", "ed25519", "-N", "secret", "-f", "host_key");
        Files.writeString(dir.resolve("authorized_keys"), "");
        Path key = dir.resolve("host_key");

        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> DemoServer.start(new DemoConfig("127.0.0.1", 0, key, dir.resolve("authorized_keys"))));
        assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains("protected by a passphrase"),
                e.getMessage());

        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exitCode = new CommandLine(new DemoServer()).execute("--port", "0", "--host-key", key.toString(),
                    "--authorized-keys", dir.resolve("authorized_keys").toString());
        } finally {
            System.setErr(originalErr);
        }
        assertEquals(1, exitCode);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("sshnetty-demo: ") && printed.contains("ssh-keygen -p"), printed);
        assertTrue(printed.lines().count() == 1, "one line, no stack trace: " + printed);
    }

    @Test
    void serverStartsWithSeveralHostKeysOfDifferentTypesAndFormats() throws Exception {
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-m", "PEM", "-f", "rsa_pem");
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "384", "-N", "", "-f", "ecdsa");
        Files.writeString(dir.resolve("authorized_keys"), "");
        try (DemoServer.Running running = DemoServer.start(new DemoConfig("127.0.0.1", 0,
                java.util.List.of(dir.resolve("generated_ed25519"), dir.resolve("rsa_pem"), dir.resolve("ecdsa")),
                dir.resolve("authorized_keys")))) {
            assertEquals(3, running.hostKeyFingerprints().size());
            assertTrue(running.hostKeyFingerprints().get(0).endsWith("(ED25519)"), running.hostKeyFingerprints().toString());
            assertTrue(running.hostKeyFingerprints().get(1).startsWith("2048 ") && running.hostKeyFingerprints().get(1).endsWith("(RSA)"));
            assertTrue(running.hostKeyFingerprints().get(2).startsWith("384 ") && running.hostKeyFingerprints().get(2).endsWith("(ECDSA)"));
            assertTrue(Files.exists(dir.resolve("generated_ed25519.pub")), "a missing key file gets a generated ed25519 key");
        }
    }
}
