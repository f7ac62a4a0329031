package io.sshnetty.demo;

import io.sshnetty.server.ClientProcess;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dropbear's client {@code dbclient} against the demo server. dbclient chooses ciphers ({@code -c}) and MACs
 * ({@code -m}) but not key exchange methods or host key algorithms, so those cases start a server that offers only
 * the one under test. Its release build has no verbose log; {@code -y -y} skips the host key check.
 */
class DropbearClientTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    private static DemoServer.Running server;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        SshKeygen.newEd25519Key(dir, "id_stranger", "stranger");
        ClientProcess.runOrFail(dir, "dropbearconvert", "openssh", "dropbear", "id_ed25519", "key.db");
        ClientProcess.runOrFail(dir, "dropbearconvert", "openssh", "dropbear", "id_stranger", "stranger.db");
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")));
        SshKeygen.newEd25519Key(dir, "host_ed25519", "host");
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "host_rsa");
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", "host_ecdsa");
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_ed25519"), dir.resolve("authorized_keys")).withUsers(java.util.Set.of("user")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void execSendsStdoutStderrAndExitStatus() throws Exception {
        ClientProcess.Result result = dbclient(port(), List.of(), "key.db", "echo hi; echo err >&2; exit 3", null);
        assertEquals("hi\n", result.stdoutText(), result::toString);
        assertTrue(result.stderr().endsWith("err\n"), result::toString);
        assertEquals(3, result.exitStatus());
    }

    @Test
    void fourMebibytesComeBackThroughCatIdentical() throws Exception {
        assertCatRoundTrip(port(), List.of(), 4 * MIB, 4);
    }

    @Test
    void unauthorizedKeyIsRefused() throws Exception {
        ClientProcess.Result result = dbclient(port(), List.of(), "stranger.db", "echo should not run", null);
        assertNotEquals(0, result.exitStatus(), result::toString);
        assertTrue(result.stderr().contains("No auth methods could be used"), result::toString);
        assertEquals("", result.stdoutText());
    }

    @ParameterizedTest(name = "-c {0} -m {1}")
    @CsvSource({"aes256-ctr, hmac-sha2-256", "aes128-ctr, hmac-sha2-256", "chacha20-poly1305@openssh.com, hmac-sha2-256"})
    void eachForcedCipherCarriesAChecksummedRoundTrip(String cipher, String mac) throws Exception {
        assertCatRoundTrip(port(), List.of("-c", cipher, "-m", mac), 2 * MIB, cipher.hashCode());
    }

    /**
     * dbclient always guesses: its first key exchange packet follows its KEXINIT at once. With the server offering
     * another method, or only an RSA or ECDSA host key, the guess is wrong and the server must drop that packet
     * (RFC 4253 §7) and go on with the method it negotiated.
     */
    @ParameterizedTest(name = "{0} with an {1} host key")
    @CsvSource({"curve25519-sha256, host_ed25519", "ecdh-sha2-nistp256, host_ed25519", "diffie-hellman-group14-sha256, host_ed25519",
            "curve25519-sha256, host_rsa", "curve25519-sha256, host_ecdsa", "ecdh-sha2-nistp256, host_rsa"})
    void eachKeyExchangeAndHostKeyWorkWhetherTheClientsGuessIsRightOrWrong(String kex, String hostKey) throws Exception {
        try (DemoServer.Running narrow = DemoServer.start(new DemoConfig("127.0.0.1", 0, List.of(dir.resolve(hostKey)),
                dir.resolve("authorized_keys"), List.of(kex)).withUsers(java.util.Set.of("user")))) {
            assertCatRoundTrip(narrow.address().getPort(), List.of(), 2 * MIB, kex.hashCode() ^ hostKey.hashCode());
        }
    }

    private static void assertCatRoundTrip(int port, List<String> options, int length, long seed) throws Exception {
        Path input = dir.resolve("cat-input");
        byte[] data = ClientProcess.randomFile(input, length, seed);
        ClientProcess.Result result = dbclient(port, options, "key.db", "cat", input);
        assertEquals(0, result.exitStatus(), result::toString);
        assertEquals(ClientProcess.sha256(data), ClientProcess.sha256(result.stdout()), "cat's output differs from its input");
    }

    private static ClientProcess.Result dbclient(int port, List<String> options, String identity, String command, Path stdin)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("dbclient"));
        argv.addAll(options);
        argv.addAll(List.of("-y", "-y", "-p", Integer.toString(port), "-i", identity, "user@127.0.0.1", command));
        // HOME in the temporary directory: dbclient must not read or write the real ~/.ssh.
        return ClientProcess.run(dir, argv, Map.of("HOME", dir.toString()), stdin);
    }

    private static int port() {
        return server.address().getPort();
    }
}
