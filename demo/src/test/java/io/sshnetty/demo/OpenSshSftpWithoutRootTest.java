package io.sshnetty.demo;

import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The demo server without --sftp-root: SFTP and scp are confined to the server user's home directory. */
class OpenSshSftpWithoutRootTest {
    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static Path key;

    @BeforeAll
    static void start() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub")));
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys).withUsers(java.util.Set.of("user")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sftpWithoutARootIsConfinedToTheServerUsersHome() throws Exception {
        Path home = Path.of(System.getProperty("user.home")).toRealPath();
        assumeFalse(dir.toRealPath().startsWith(home), "the temporary directory lies inside the home directory");
        Path file = Files.writeString(dir.resolve("anywhere.txt"), "anywhere\n");
        Path batch = Files.writeString(dir.resolve("batch"), "pwd\n-get " + file + " " + dir.resolve("back.txt") + "\nls /\n");
        List<String> argv = new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-P",
                Integer.toString(server.address().getPort()), "-F", "/dev/null", "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "user@127.0.0.1"));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sftp did not finish");
        String stdout = Files.readString(out);
        assertEquals(0, process.exitValue(), stdout + Files.readString(err));
        // "/" is the home directory; the file's absolute host path names nothing there.
        assertTrue(stdout.contains("Remote working directory: /\n"), stdout);
        assertFalse(Files.exists(dir.resolve("back.txt")), stdout);
        assertTrue(Files.readString(err).contains("not found"), Files.readString(err));
    }
}
