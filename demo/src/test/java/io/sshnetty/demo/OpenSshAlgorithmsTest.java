package io.sshnetty.demo;

import io.sshnetty.server.OpenSshClient;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real OpenSSH client forced to each key exchange method and each host key algorithm it shares with
 * the demo server, which holds ed25519, ECDSA (P-256, P-384, P-521) and RSA host keys at once; each case
 * carries a checksummed round trip through {@code cat}.
 */
class OpenSshAlgorithmsTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static OpenSshClient client;
    /** Host key algorithm → the SHA256 fingerprint of the key that must sign with it. */
    private static Map<String, String> fingerprints;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "id_rsa");
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "384", "-N", "", "-f", "id_ecdsa");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub")) + Files.readString(dir.resolve("id_rsa.pub"))
                + Files.readString(dir.resolve("id_ecdsa.pub")));
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", "host_ecdsa256");
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "384", "-N", "", "-f", "host_ecdsa384", "-m", "PEM");
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "521", "-N", "", "-f", "host_ecdsa521", "-m", "PKCS8");
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "3072", "-N", "", "-f", "host_rsa");
        List<Path> hostKeys = List.of(dir.resolve("host_ed25519"), dir.resolve("host_ecdsa256"), dir.resolve("host_ecdsa384"),
                dir.resolve("host_ecdsa521"), dir.resolve("host_rsa"));
        // Every method the library has, finite-field DH too (not offered by default), as the methods tested here.
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, hostKeys, authorizedKeys,
                io.sshnetty.transport.internal.kex.KexAlgorithms.allNames()).withUsers(java.util.Set.of("user")));
        client = new OpenSshClient(dir, server.address().getPort(), key);
        fingerprints = Map.of(
                "ssh-ed25519", fingerprint(hostKeys.get(0)),
                "ecdsa-sha2-nistp256", fingerprint(hostKeys.get(1)),
                "ecdsa-sha2-nistp384", fingerprint(hostKeys.get(2)),
                "ecdsa-sha2-nistp521", fingerprint(hostKeys.get(3)),
                "rsa-sha2-512", fingerprint(hostKeys.get(4)),
                "rsa-sha2-256", fingerprint(hostKeys.get(4)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256"})
    void eachKeyExchangeCarriesAChecksummedRoundTrip(String kex) throws Exception {
        String log = roundTrip(List.of("-v", "-o", "KexAlgorithms=" + kex), 16 * MIB, kex.hashCode());
        assertTrue(log.contains("kex: algorithm: " + kex), log);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ssh-ed25519, 16", "ecdsa-sha2-nistp256, 16", "ecdsa-sha2-nistp384, 16", "ecdsa-sha2-nistp521, 16",
            "rsa-sha2-512, 16", "rsa-sha2-256, 16"})
    void eachHostKeyAlgorithmIsVerifiedByTheClient(String algorithm, int mebibytes) throws Exception {
        String log = roundTrip(List.of("-v", "-o", "HostKeyAlgorithms=" + algorithm), mebibytes * MIB, algorithm.hashCode());
        assertTrue(log.contains("kex: host key algorithm: " + algorithm), log);
        assertTrue(log.contains("Server host key: " + algorithm.replaceFirst("^rsa-sha2-.*", "ssh-rsa") + " "
                + fingerprints.get(algorithm)), log);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"id_rsa, rsa-sha2-512", "id_rsa, rsa-sha2-256", "id_ecdsa, ecdsa-sha2-nistp384"})
    void userKeysOfEachTypeAuthenticate(String identity, String algorithm) throws Exception {
        OpenSshClient.Result result = new OpenSshClient(dir, server.address().getPort(), dir.resolve(identity))
                .run(List.of("-v", "-o", "PubkeyAcceptedAlgorithms=" + algorithm), "echo in", null);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("in\n", result.stdoutText());
        assertTrue(result.stderr().contains("Authenticated to 127.0.0.1") && result.stderr().contains(algorithm), result.stderr());
    }

    @Test
    void sha1RsaHostKeySignaturesAreOffByDefault() throws Exception {
        OpenSshClient.Result result = client.run(List.of("-v", "-o", "HostKeyAlgorithms=ssh-rsa"), "true", null);
        assertNotEquals(0, result.exitStatus());
        assertTrue(result.stderr().contains("no matching host key type found"), result.stderr());
    }

    /** Runs {@code cat} over {@code length} random bytes and returns ssh's log. */
    private static String roundTrip(List<String> options, int length, long seed) throws Exception {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        OpenSshClient.Result result = client.run(options, "cat", data);
        assertEquals(0, result.exitStatus(), result.stderr());
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha256.digest(data), sha256.digest(result.stdout()), "cat's output differs from its input");
        return result.stderr();
    }

    private static String fingerprint(Path privateKeyFile) throws Exception {
        return Fingerprints.sha256(OpenSshPrivateKeyFile.read(privateKeyFile).hostKey().publicKey());
    }
}
