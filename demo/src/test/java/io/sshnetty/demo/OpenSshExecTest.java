package io.sshnetty.demo;

import io.sshnetty.server.OpenSshClient;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real OpenSSH client against the demo server, started in-process on an ephemeral loopback port. */
class OpenSshExecTest {
    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static OpenSshClient client;
    private static OpenSshClient stranger;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path strangerKey = SshKeygen.newEd25519Key(dir, "id_stranger", "stranger");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, "# test keys\n" + Files.readString(Path.of(key + ".pub")));
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys).withUsers(java.util.Set.of("user")));
        int port = server.address().getPort();
        client = new OpenSshClient(dir, port, key);
        stranger = new OpenSshClient(dir, port, strangerKey);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void execSendsStdoutStderrAndExitStatus() throws Exception {
        OpenSshClient.Result result = client.run("echo hi; echo err >&2; exit 3");
        assertEquals("hi\n", result.stdoutText());
        assertEquals("err\n", result.stderr());
        assertEquals(3, result.exitStatus());
    }

    @Test
    void tenMebibytesComeBackThroughCatIdentical() throws Exception {
        byte[] data = random(10 * 1024 * 1024, 1);
        OpenSshClient.Result result = client.run(List.of(), "cat", data);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertArrayEquals(sha256(data), sha256(result.stdout()), "cat's output differs from its input");
    }

    @Test
    void largeOutputIsPacedByTheClientsWindow() throws Exception {
        OpenSshClient.Result result = client.run("head -c 33554432 /dev/zero");
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals(32 * 1024 * 1024, result.stdout().length);
    }

    @Test
    void twoHundredFiftySixMebibytesEachWayKeepTheirChecksums() throws Exception {
        Path file = dir.resolve("random-256m");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(256);
        byte[] block = new byte[1024 * 1024];
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 256; i++) {
                random.nextBytes(block);
                digest.update(block);
                out.write(block);
            }
        }
        String expected = java.util.HexFormat.of().formatHex(digest.digest());
        // Up: the server's sha256sum reads what the client sends.
        OpenSshClient.Result up = client.runWithInput(List.of(), "sha256sum", file);
        assertEquals(0, up.exitStatus(), up.stderr());
        assertEquals(expected, up.stdoutText().split(" ")[0]);
        // Down: the client hashes what the server sends.
        Path downloaded = dir.resolve("downloaded");
        OpenSshClient.Result down = client.runToFile(List.of(), "cat " + file, downloaded);
        assertEquals(0, down.exitStatus(), down.stderr());
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(downloaded)) {
            int n;
            while ((n = in.read(block)) > 0) {
                received.update(block, 0, n);
            }
        }
        assertEquals(expected, java.util.HexFormat.of().formatHex(received.digest()));
        Files.delete(file);
        Files.delete(downloaded);
    }

    @Test
    void unauthorizedKeyIsRefused() throws Exception {
        OpenSshClient.Result result = stranger.run("echo should not run");
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Permission denied (publickey)"), result.stderr());
        assertEquals("", result.stdoutText());
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @CsvSource({
        "curve25519-sha256, chacha20-poly1305@openssh.com, ",
        "curve25519-sha256@libssh.org, aes128-gcm@openssh.com, ",
        "curve25519-sha256, aes256-gcm@openssh.com, ",
        "curve25519-sha256, aes128-ctr, hmac-sha2-256",
        "curve25519-sha256, aes256-ctr, hmac-sha2-512",
        "curve25519-sha256, aes192-ctr, hmac-sha2-256-etm@openssh.com",
        "curve25519-sha256, aes128-ctr, hmac-sha2-512-etm@openssh.com",
    })
    void eachAlgorithmCarriesAChecksummedRoundTrip(String kex, String cipher, String mac) throws Exception {
        List<String> options = new ArrayList<>(List.of("-o", "KexAlgorithms=" + kex, "-o", "HostKeyAlgorithms=ssh-ed25519",
                "-c", cipher));
        if (mac != null) {
            options.addAll(List.of("-m", mac));
        }
        byte[] data = random(16 * 1024 * 1024, kex.hashCode() ^ cipher.hashCode());
        OpenSshClient.Result result = client.run(options, "cat", data);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertArrayEquals(sha256(data), sha256(result.stdout()));
    }

    @Test
    void clientRekeyingEveryMebibyteKeepsA64MebibyteRoundTripIntact() throws Exception {
        byte[] data = random(64 * 1024 * 1024, 64);
        OpenSshClient.Result result = client.run(List.of("-v", "-o", "RekeyLimit=1M"), "cat", data);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertArrayEquals(sha256(data), sha256(result.stdout()));
        int rekeys = result.stderr().split("SSH2_MSG_KEXINIT sent", -1).length - 1;
        assertTrue(rekeys > 20, "the client re-keyed " + rekeys + " times");
    }

    @Test
    void clientSeesStrictKexAndServerSigAlgs() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-vvv"), "true", null);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertTrue(result.stderr().contains(
                "server-sig-algs=<ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256>"), result.stderr());
        assertTrue(result.stderr().contains("will use strict KEX ordering"), result.stderr());
    }

    @Test
    void commandsThatReadNoInputStillEndWhenTheClientSendsSome() throws Exception {
        OpenSshClient.Result result = client.run(List.of(), "exit 0", random(1024 * 1024, 7));
        assertEquals(0, result.exitStatus(), result.stderr());
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
