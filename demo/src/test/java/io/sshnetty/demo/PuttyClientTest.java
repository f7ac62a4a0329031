package io.sshnetty.demo;

import io.sshnetty.server.ClientProcess;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PuTTY's command-line tools ({@code plink}, {@code pscp}) against the demo server, which holds ed25519, RSA and
 * ECDSA host keys. plink has no option for algorithms, so a case that forces one writes a saved session (a file
 * under {@code $HOME/.putty/sessions}) that puts it alone before the "warn below here" line, and {@code -batch}
 * turns that warning into a refusal.
 */
class PuttyClientTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static List<String> hostKeyFingerprints;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        SshKeygen.newEd25519Key(dir, "id_stranger", "stranger");
        ClientProcess.runOrFail(dir, "puttygen", "id_ed25519", "-O", "private", "-o", "key.ppk");
        ClientProcess.runOrFail(dir, "puttygen", "id_stranger", "-O", "private", "-o", "stranger.ppk");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub")));
        SshKeygen.newEd25519Key(dir, "host_ed25519", "host");
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "host_rsa");
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", "host_ecdsa");
        List<Path> hostKeys = List.of(dir.resolve("host_ed25519"), dir.resolve("host_rsa"), dir.resolve("host_ecdsa"));
        hostKeyFingerprints = new ArrayList<>();
        for (Path hostKey : hostKeys) {
            hostKeyFingerprints.add(Fingerprints.sha256(OpenSshPrivateKeyFile.read(hostKey).hostKey().publicKey()));
        }
        Files.createDirectories(dir.resolve("home/.putty/sessions"));
        // The demo's methods plus the finite-field ones (not offered by default) that the KEX cases force.
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, hostKeys, authorizedKeys,
                io.sshnetty.transport.internal.kex.KexAlgorithms.allNames().stream()
                        .filter(name -> !name.startsWith("ecdh-sha2-nistp")).toList())
                .withUsers(java.util.Set.of("user")).withSftpRoot(dir));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void execSendsStdoutStderrAndExitStatus() throws Exception {
        ClientProcess.Result result = plink(port(), List.of(), "echo hi; echo err >&2; exit 3", null);
        assertEquals("hi\n", result.stdoutText(), result::toString);
        assertEquals("err\n", result.stderr());
        assertEquals(3, result.exitStatus());
    }

    @Test
    void fourMebibytesComeBackThroughCatIdentical() throws Exception {
        assertCatRoundTrip(port(), List.of(), 4 * MIB, 4);
    }

    @Test
    void unauthorizedKeyIsRefused() throws Exception {
        ClientProcess.Result result = run(port(), "plink", List.of("-v"), "stranger.ppk", null, "user@127.0.0.1",
                "echo should not run");
        assertNotEquals(0, result.exitStatus());
        assertTrue(result.stderr().contains("Server refused our key"), result::toString);
        assertEquals("", result.stdoutText());
    }

    /** A saved-session setting, then what plink -v must log (several lines separated by "; "). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Cipher=aes,WARN,chacha20,aesgcm,3des,des,blowfish,arcfour | Initialised AES-256 SDCTR; Initialised HMAC-SHA-256",
        "Cipher=chacha20,WARN,aes,aesgcm,3des,des,blowfish,arcfour | Initialised ChaCha20",
        "Cipher=aesgcm,WARN,aes,chacha20,3des,des,blowfish,arcfour | Initialised AES-128 GCM",
        "KEX=ecdh,WARN,ntru-curve25519,dh-gex-sha1,dh-group18-sha512,dh-group17-sha512,dh-group16-sha512,"
                + "dh-group15-sha512,dh-group14-sha1,rsa,dh-group1-sha1 | Doing ECDH key exchange with curve Curve25519",
        "KEX=dh-group14-sha1,WARN,ntru-curve25519,ecdh,dh-gex-sha1,dh-group18-sha512,dh-group17-sha512,"
                + "dh-group16-sha512,dh-group15-sha512,rsa,dh-group1-sha1 | 2048-bit modulus and hash SHA-256; standard group \"group14\"",
        "KEX=dh-gex-sha1,WARN,ntru-curve25519,ecdh,dh-group18-sha512,dh-group17-sha512,dh-group16-sha512,"
                + "dh-group15-sha512,dh-group14-sha1,rsa,dh-group1-sha1 | hash SHA-256; with a server-supplied group",
        "HostKey=rsa,WARN,ed25519,ecdsa,dsa | ssh-rsa 2048 SHA256:",
        "HostKey=ecdsa,WARN,ed25519,rsa,dsa | ecdsa-sha2-nistp256 256 SHA256:",
    })
    void eachForcedAlgorithmCarriesAChecksummedRoundTrip(String setting, String expectedLogLines) throws Exception {
        Files.writeString(dir.resolve("home/.putty/sessions/forced"), setting + "\n");
        String log = assertCatRoundTrip(port(), List.of("-v", "-load", "forced"), 2 * MIB, setting.hashCode());
        for (String expected : expectedLogLines.split("; ")) {
            assertTrue(log.contains(expected), () -> "no \"" + expected + "\" in:\n" + log);
        }
    }

    @Test
    void nistP256KeyExchangeWhenTheServerOffersOnlyThat() throws Exception {
        // PuTTY's "ecdh" covers every curve and prefers Curve25519, so the server narrows the choice.
        try (DemoServer.Running narrow = DemoServer.start(new DemoConfig("127.0.0.1", 0, List.of(dir.resolve("host_ed25519")),
                dir.resolve("authorized_keys"), List.of("ecdh-sha2-nistp256")).withUsers(java.util.Set.of("user")))) {
            String log = assertCatRoundTrip(narrow.address().getPort(), List.of("-v"), 2 * MIB, 256);
            assertTrue(log.contains("Doing ECDH key exchange with curve nistp256"), log);
        }
    }

    @Test
    void winadjRequestsGetChannelFailureAndTheChannelLivesOn() throws Exception {
        // With a port forwarding set up PuTTY leaves "simple" mode and tunes its window with winadj requests.
        Path log = dir.resolve("winadj.log");
        ClientProcess.Result result = plink(port(), List.of("-L", "127.0.0.1:0:127.0.0.1:9", "-sshlog", log.toString(),
                "-logoverwrite"), "head -c 4000000 /dev/zero", null);
        assertEquals(0, result.exitStatus(), result::toString);
        assertEquals(4_000_000, result.stdout().length);
        String packets = Files.readString(log);
        int requests = count(packets, "winadj@p");
        int failures = count(packets, "Incoming packet #0x[0-9a-f]+, type 100 / 0x64 \\(SSH2_MSG_CHANNEL_FAILURE\\)");
        assertTrue(requests > 0, "no winadj request was sent");
        // The last request may cross the channel's close, which ends the need for an answer.
        assertTrue(failures >= requests - 1, failures + " failures for " + requests + " winadj requests");
    }

    @ParameterizedTest(name = "pscp -{0}")
    @ValueSource(strings = {"sftp", "scp"})
    void pscpCopiesUpAndDownIntact(String protocol) throws Exception {
        Path local = dir.resolve("pscp-" + protocol);
        byte[] data = ClientProcess.randomFile(local, 3 * MIB + 17, protocol.hashCode());
        Path remote = dir.resolve("pscp-" + protocol + ".remote");
        ClientProcess.Result up = run(port(), "pscp", List.of("-" + protocol, "-q"), "key.ppk", null,
                local.toString(), "user@127.0.0.1:/" + remote.getFileName());
        assertEquals(0, up.exitStatus(), up::toString);
        assertEquals(ClientProcess.sha256(data), ClientProcess.sha256(Files.readAllBytes(remote)));
        Path back = dir.resolve("pscp-" + protocol + ".back");
        ClientProcess.Result down = run(port(), "pscp", List.of("-" + protocol, "-q"), "key.ppk", null,
                "user@127.0.0.1:/" + remote.getFileName(), back.toString());
        assertEquals(0, down.exitStatus(), down::toString);
        assertEquals(ClientProcess.sha256(data), ClientProcess.sha256(Files.readAllBytes(back)));
    }

    /** Sends {@code length} random bytes through {@code cat}, checks they come back, returns plink's log. */
    private static String assertCatRoundTrip(int port, List<String> options, int length, long seed) throws Exception {
        Path input = dir.resolve("cat-input");
        byte[] data = ClientProcess.randomFile(input, length, seed);
        ClientProcess.Result result = plink(port, options, "cat", input);
        assertEquals(0, result.exitStatus(), result::toString);
        assertEquals(ClientProcess.sha256(data), ClientProcess.sha256(result.stdout()), "cat's output differs from its input");
        return result.stderr();
    }

    private static ClientProcess.Result plink(int port, List<String> options, String command, Path stdin) throws Exception {
        return run(port, "plink", options, "key.ppk", stdin, "user@127.0.0.1", command);
    }

    /** {@code tool} with the caller's options, then ours (batch mode, the key, every host key trusted), then operands. */
    private static ClientProcess.Result run(int port, String tool, List<String> options, String identity, Path stdin,
            String... operands) throws Exception {
        List<String> argv = new ArrayList<>(List.of(tool));
        argv.addAll(options);
        argv.addAll(List.of("-batch", "-P", Integer.toString(port), "-i", identity, "-noagent"));
        for (String fingerprint : hostKeyFingerprints) {
            argv.addAll(List.of("-hostkey", fingerprint));
        }
        for (String operand : operands) {
            if (operand != null) {
                argv.add(operand);
            }
        }
        return ClientProcess.run(dir, argv, Map.of("HOME", dir.resolve("home").toString()), stdin);
    }

    private static int port() {
        return server.address().getPort();
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
