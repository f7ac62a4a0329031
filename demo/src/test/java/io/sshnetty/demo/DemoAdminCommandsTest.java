package io.sshnetty.demo;

import io.sshnetty.server.OpenSshClient;
import io.sshnetty.server.SshServer;
import io.sshnetty.server.registry.ConnectionInfo;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's operator commands over SSH: an admin lists the live connections and closes one; others may not. */
class DemoAdminCommandsTest {
    @TempDir
    Path dir;

    @Test
    void demoAdminsListAndCloseConnectionsOverSsh() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        try (DemoServer.Running demo = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("demo_host_key"),
                authorizedKeys, Set.of("admin")).withUsers(Set.of("user")))) {
            OpenSshClient user = new OpenSshClient(dir, demo.address().getPort(), key);
            Process streaming = new ProcessBuilder(withCommand(user.argv(List.of()), "cat /dev/zero"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ConnectionInfo info = awaitListed(demo.server(), c -> !c.channels().isEmpty());
            OpenSshClient admin = user.as("admin");
            String table = admin.run("sshnetty connections").stdoutText();
            assertTrue(table.startsWith("ID"), table);
            assertTrue(table.contains(info.id()) && table.contains("exec cat /dev/zero"), table);
            OpenSshClient.Result closed = admin.run("sshnetty close " + info.id() + " enough now");
            assertEquals("closed " + info.id() + "\n", closed.stdoutText(), closed.stderr());
            assertTrue(streaming.waitFor(30, TimeUnit.SECONDS));
            OpenSshClient.Result notAdmin = user.run("sshnetty connections");
            assertTrue(notAdmin.exitStatus() != 0, "only admins get the operator commands");
        }
    }

    private static List<String> withCommand(List<String> argv, String command) {
        List<String> full = new ArrayList<>(argv);
        full.add(command);
        return full;
    }

    private static ConnectionInfo awaitListed(SshServer server, Predicate<ConnectionInfo> wanted) throws Exception {
        for (int i = 0; i < 400; i++) {
            for (ConnectionInfo info : server.registry().list().toCompletableFuture().get(10, TimeUnit.SECONDS)) {
                if (wanted.test(info)) {
                    return info;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no such connection listed: " + server.registry().listNow(Duration.ofSeconds(5)));
    }
}
