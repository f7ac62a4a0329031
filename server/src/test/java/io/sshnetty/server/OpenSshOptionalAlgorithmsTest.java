package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compression (ssh -C) and the legacy hmac-sha1, which must be enabled, with the real client. */
class OpenSshOptionalAlgorithmsTest {
    @TempDir
    Path dir;
    private Path key;

    @org.junit.jupiter.api.BeforeEach
    void key() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Files.copy(Path.of(key + ".pub"), dir.resolve("authorized_keys"));
    }

    private OpenSshClient start(AlgorithmPreferences algorithms, List<SshServer> servers) throws Exception {
        SshServer server = SshServer.builder()
                .algorithms(algorithms)
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(dir.resolve("authorized_keys"), "user"))
                .exec(request -> Command.process(io -> {
                    io.stdin().transferTo(io.stdout());
                    return 0;
                }))
                .build();
        servers.add(server);
        return new OpenSshClient(dir, server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
    }

    private static void roundTrip(OpenSshClient client, List<String> options, String expectInLog) throws Exception {
        byte[] data = new byte[4 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251 < 200 ? 'x' : i); // compressible, but not trivially
        }
        List<String> verbose = new ArrayList<>(options);
        verbose.add("-v");
        OpenSshClient.Result result = client.run(verbose, "cat", data);
        assertEquals(0, result.exitStatus(), result.stderr());
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha256.digest(data), sha256.digest(result.stdout()));
        assertTrue(result.stderr().contains(expectInLog), result.stderr());
    }

    @Test
    void sshDashCUsesDelayedZlibByDefault() throws Exception {
        List<SshServer> servers = new ArrayList<>();
        try {
            OpenSshClient client = start(AlgorithmPreferences.defaults(), servers);
            roundTrip(client, List.of("-C"), "compression: zlib@openssh.com");
            roundTrip(client, List.of(), "compression: none");
        } finally {
            servers.forEach(SshServer::close);
        }
    }

    @Test
    void plainZlibCompressesFromTheFirstKeyExchangeWhenEnabled() throws Exception {
        List<SshServer> servers = new ArrayList<>();
        try {
            OpenSshClient client = start(AlgorithmPreferences.defaults().withCompression(List.of("zlib")), servers);
            roundTrip(client, List.of("-C"), "compression: zlib");
        } finally {
            servers.forEach(SshServer::close);
        }
    }

    @Test
    void hmacSha1IsRefusedByDefaultAndServedWhenEnabled() throws Exception {
        List<SshServer> servers = new ArrayList<>();
        try {
            OpenSshClient byDefault = start(AlgorithmPreferences.defaults(), servers);
            OpenSshClient.Result refused = byDefault.run(List.of("-c", "aes128-ctr", "-m", "hmac-sha1", "-o", "LogLevel=INFO"),
                    "true", null);
            assertEquals(255, refused.exitStatus());
            assertTrue(refused.stderr().contains("no matching MAC"), refused.stderr());

            List<String> macs = new ArrayList<>(AlgorithmPreferences.defaults().macs());
            macs.add("hmac-sha1");
            macs.add("hmac-sha1-etm@openssh.com");
            OpenSshClient enabled = start(AlgorithmPreferences.defaults().withMacs(macs), servers);
            roundTrip(enabled, List.of("-c", "aes128-ctr", "-m", "hmac-sha1"), "MAC: hmac-sha1");
            roundTrip(enabled, List.of("-c", "aes256-ctr", "-m", "hmac-sha1-etm@openssh.com"), "MAC: hmac-sha1-etm@openssh.com");
        } finally {
            servers.forEach(SshServer::close);
        }
    }
}
