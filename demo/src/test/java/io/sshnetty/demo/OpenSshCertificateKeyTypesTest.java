package io.sshnetty.demo;

import io.sshnetty.server.OpenSshClient;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenSSH user certificates (PROTOCOL.certkeys) of every key type the transport has — ECDSA on the three
 * curves and RSA — made by {@code ssh-keygen -s} with an ed25519 and an RSA certificate authority, presented
 * by the real client ({@code -o CertificateFile=…}) to the demo server's TrustedUserCAKeys.
 */
class OpenSshCertificateKeyTypesTest {
    @TempDir
    static Path dir;

    private static DemoServer.Running server;

    @BeforeAll
    static void start() throws Exception {
        SshKeygen.newEd25519Key(dir, "ed25519_ca", "ed25519 ca");
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "rsa ca", "-f", "rsa_ca");
        newKey("ecdsa256", "-t", "ecdsa", "-b", "256");
        newKey("ecdsa384", "-t", "ecdsa", "-b", "384");
        newKey("ecdsa521", "-t", "ecdsa", "-b", "521");
        newKey("rsa", "-t", "rsa", "-b", "2048");
        Path trusted = dir.resolve("trusted_user_ca_keys");
        Files.writeString(trusted, Files.readString(dir.resolve("ed25519_ca.pub")) + Files.readString(dir.resolve("rsa_ca.pub")));
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, "");
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys, null, trusted,
                null, null).withUsers(java.util.Set.of("user")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void newKey(String name, String... type) throws Exception {
        List<String> argv = new ArrayList<>(List.of("-q"));
        argv.addAll(List.of(type));
        argv.addAll(List.of("-N", "", "-C", name, "-f", name));
        SshKeygen.run(dir, argv.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} certified by {1}")
    @CsvSource({
            "ecdsa256, ed25519_ca", "ecdsa384, ed25519_ca", "ecdsa521, ed25519_ca", "rsa, ed25519_ca",
            "ecdsa256, rsa_ca", "ecdsa384, rsa_ca", "ecdsa521, rsa_ca", "rsa, rsa_ca"})
    void certificateOfEveryKeyTypeFromEitherCaIsAccepted(String key, String ca) throws Exception {
        Path certificate = certify(key, ca, key + "-by-" + ca, "-V", "-5m:+1h");
        OpenSshClient.Result result = login(key, certificate, List.of("-v"));
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("certified\n", result.stdoutText());
        // authorized_keys is empty: only the certificate can have let the client in; its log says so too.
        assertTrue(result.stderr().contains("Server accepts key: " + certificate), result.stderr());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ecdsa256", "ecdsa384", "ecdsa521", "rsa"})
    void expiredCertificateOfEveryKeyTypeIsRefused(String key) throws Exception {
        Path certificate = certify(key, "ed25519_ca", key + "-expired", "-V", "20200101:20200102");
        OpenSshClient.Result result = login(key, certificate, List.of());
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Permission denied"), result.stderr());
    }

    @ParameterizedTest(name = "CA signs with {0}")
    @ValueSource(strings = {"rsa-sha2-512", "rsa-sha2-256"})
    void rsaCaSignatureOfEitherSha2AlgorithmVerifies(String algorithm) throws Exception {
        Path certificate = certify("rsa", "rsa_ca", "rsa-" + algorithm, "-t", algorithm, "-V", "-5m:+1h");
        String shown = SshKeygen.run(dir, "-L", "-f", certificate.toString());
        assertTrue(shown.contains("using " + algorithm), shown);
        OpenSshClient.Result result = login("rsa", certificate, List.of());
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("certified\n", result.stdoutText());
    }

    @Test
    void rsaCaSignatureWithSha1IsRefused() throws Exception {
        // Like sshd's default CASignatureAlgorithms since OpenSSH 8.8: SHA-1 ssh-rsa CA signatures are not trusted.
        Path certificate = certify("ecdsa256", "rsa_ca", "ecdsa256-sha1", "-t", "ssh-rsa", "-V", "-5m:+1h");
        OpenSshClient.Result result = login("ecdsa256", certificate, List.of());
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Permission denied"), result.stderr());
    }

    @Test
    void certificateSignedByAnUntrustedRsaCaIsRefused() throws Exception {
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "stranger ca", "-f", "untrusted_ca");
        Path certificate = certify("ecdsa256", "untrusted_ca", "ecdsa256-untrusted", "-V", "-5m:+1h");
        OpenSshClient.Result result = login("ecdsa256", certificate, List.of());
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Permission denied"), result.stderr());
    }

    /** Signs {@code key.pub} for principal "user" with {@code ca} into {@code name}-cert.pub. */
    private static Path certify(String key, String ca, String name, String... options) throws Exception {
        List<String> argv = new ArrayList<>(List.of("-q", "-s", ca, "-I", name, "-n", "user"));
        argv.addAll(List.of(options));
        argv.add(key + ".pub");
        SshKeygen.run(dir, argv.toArray(String[]::new));
        Path certificate = dir.resolve(name + "-cert.pub");
        Files.move(dir.resolve(key + "-cert.pub"), certificate);
        return certificate;
    }

    private static OpenSshClient.Result login(String key, Path certificate, List<String> options) throws Exception {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of("-o", "CertificateFile=" + certificate));
        return new OpenSshClient(dir, server.address().getPort(), dir.resolve(key)).run(all, "echo certified", null);
    }
}
