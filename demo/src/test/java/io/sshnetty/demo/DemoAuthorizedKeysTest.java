package io.sshnetty.demo;

import io.sshnetty.server.OpenSshClient;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's authorized_keys file is bound to its users, with the real client: a valid key under another
 * user name does not log in.
 */
class DemoAuthorizedKeysTest {
    @TempDir
    Path dir;

    @Test
    void demoKeyFileLetsInItsOwnAccountAndNamedUsersOnly() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        try (DemoServer.Running demo = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"),
                authorizedKeys, Set.of("admin")))) {
            OpenSshClient client = new OpenSshClient(dir, demo.address().getPort(), key);
            assertEquals(0, client.as(System.getProperty("user.name")).run("true").exitStatus(), "the server's own account");
            assertEquals(0, client.as("admin").run("true").exitStatus(), "an admin");
            OpenSshClient.Result stranger = client.as("intruder").run("true");
            assertEquals(255, stranger.exitStatus(), "a name the demo was not told about, with a valid key");
            assertTrue(stranger.stderr().contains("Permission denied"), stranger.stderr());
        }
    }
}
