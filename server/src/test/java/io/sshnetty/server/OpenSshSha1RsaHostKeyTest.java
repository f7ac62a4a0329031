package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SHA-1 {@code ssh-rsa} host key signatures, for old clients, once the application turns them on. */
class OpenSshSha1RsaHostKeyTest {
    @TempDir
    Path dir;

    @Test
    void openSshVerifiesSha1RsaHostKeySignatureWhenEnabled() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub")));
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "host_rsa");
        HostKey rsa = OpenSshPrivateKeyFile.read(dir.resolve("host_rsa")).hostKey();
        SshServer server = SshServer.builder()
                .hostKey(rsa)
                .algorithms(AlgorithmPreferences.defaults().withSha1HostKeySignatures(true))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .exec(request -> Command.process(io -> 0))
                .build();
        try {
            int port = server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort();
            OpenSshClient.Result result = new OpenSshClient(dir, port, key)
                    .run(List.of("-v", "-o", "HostKeyAlgorithms=ssh-rsa"), "true", null);
            assertEquals(0, result.exitStatus(), result.stderr());
            assertTrue(result.stderr().contains("kex: host key algorithm: ssh-rsa"), result.stderr());
            assertTrue(result.stderr().contains("Server host key: ssh-rsa " + Fingerprints.sha256(rsa.publicKey())),
                    result.stderr());
        } finally {
            server.close();
        }
    }
}
