package io.sshnetty.server;

import io.sshnetty.server.demo.DemoConfig;
import io.sshnetty.server.demo.DemoServer;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo server without --sftp-root: SFTP sees the file system as the server's user, starting in its home. */
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
    void sftpStartsInTheServerUsersHomeAndReachesAbsolutePaths() throws Exception {
        Path file = Files.writeString(dir.resolve("anywhere.txt"), "anywhere\n");
        Path batch = Files.writeString(dir.resolve("batch"), "pwd\nget " + file + " " + dir.resolve("back.txt") + "\n");
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
        String home = Path.of(System.getProperty("user.home")).toRealPath().toString();
        assertTrue(stdout.contains("Remote working directory: " + home + "\n"), stdout);
        assertEquals("anywhere\n", Files.readString(dir.resolve("back.txt")));
    }
}
