package io.sshnetty.demo;

import io.sshnetty.server.OpenSshClient;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection layer obeys the authorized_keys options of the key a user logged in with, as sshd does. */
class OpenSshKeyRestrictionsTest {
    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static ServerSocket target;
    private static OpenSshClient forced;
    private static OpenSshClient noPty;
    private static OpenSshClient noForwarding;
    private static OpenSshClient permitOpen;

    @BeforeAll
    static void start() throws Exception {
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        StringBuilder keys = new StringBuilder();
        Path forcedKey = SshKeygen.newEd25519Key(dir, "forced", "forced");
        keys.append("command=\"echo forced: $SSH_ORIGINAL_COMMAND/$FROM_KEY\",environment=\"FROM_KEY=yes\" ")
                .append(Files.readString(Path.of(forcedKey + ".pub")));
        Path noPtyKey = SshKeygen.newEd25519Key(dir, "nopty", "nopty");
        keys.append("no-pty ").append(Files.readString(Path.of(noPtyKey + ".pub")));
        Path noForwardingKey = SshKeygen.newEd25519Key(dir, "nofwd", "nofwd");
        keys.append("no-port-forwarding ").append(Files.readString(Path.of(noForwardingKey + ".pub")));
        Path permitOpenKey = SshKeygen.newEd25519Key(dir, "permitopen", "permitopen");
        keys.append("permitopen=\"127.0.0.1:").append(target.getLocalPort()).append("\" ")
                .append(Files.readString(Path.of(permitOpenKey + ".pub")));
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, keys);
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys).withUsers(java.util.Set.of("user")));
        int port = server.address().getPort();
        forced = new OpenSshClient(dir, port, forcedKey);
        noPty = new OpenSshClient(dir, port, noPtyKey);
        noForwarding = new OpenSshClient(dir, port, noForwardingKey);
        permitOpen = new OpenSshClient(dir, port, permitOpenKey);
    }

    @AfterAll
    static void stop() throws IOException {
        target.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void forcedCommandRunsInsteadWithTheOriginalInSshOriginalCommand() throws Exception {
        OpenSshClient.Result result = forced.run("rm -rf /tmp/nothing");
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("forced: rm -rf /tmp/nothing/yes\n", result.stdoutText());
    }

    @Test
    void forcedCommandAlsoReplacesAShellAndCarriesTheKeysEnvironment() throws Exception {
        OpenSshClient.Result shell = forced.run(List.of("-T"), null, null);
        assertEquals("forced: /yes\n", shell.stdoutText(), shell.stderr());
        OpenSshClient.Result subsystem = forced.run(List.of("-s"), "sftp", null);
        assertEquals("forced: sftp/yes\n", subsystem.stdoutText(), subsystem.stderr());
    }

    @Test
    void noPtyRefusesTheTerminalButNotTheCommand() throws Exception {
        // The client gives up when a terminal it insisted on (-tt) is refused, as it does with sshd.
        OpenSshClient.Result insisted = noPty.run(List.of("-tt", "-o", "LogLevel=INFO"), "tty", null);
        assertEquals(255, insisted.exitStatus());
        assertTrue(insisted.stderr().contains("PTY allocation request failed"), insisted.stderr());
        OpenSshClient.Result plain = noPty.run("tty");
        assertEquals("not a tty", plain.stdoutText().trim());
    }

    @Test
    void noPortForwardingRefusesLocalForwarding() throws Exception {
        assertEquals(false, forwardReaches(noForwarding, target));
    }

    @Test
    void permitOpenAllowsOnlyItsTarget() throws Exception {
        assertEquals(true, forwardReaches(permitOpen, target));
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(false, forwardReaches(permitOpen, other));
        }
    }

    /**
     * Starts ssh -L to {@code targetSocket} and connects through it: true when the target accepts the
     * forwarded connection, false when the server refuses it and the local connection is closed.
     */
    private static boolean forwardReaches(OpenSshClient client, ServerSocket targetSocket) throws Exception {
        int targetPort = targetSocket.getLocalPort();
        targetSocket.setSoTimeout(100);
        int local;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            local = free.getLocalPort();
        }
        Path log = Files.createTempFile(dir, "fwd", ".log");
        Process ssh = new ProcessBuilder(client.argv(List.of("-v", "-N", "-L", local + ":127.0.0.1:" + targetPort)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 200; i++) {
                try (Socket socket = new Socket("127.0.0.1", local)) {
                    socket.setSoTimeout(100);
                    for (int j = 0; j < 100; j++) {
                        try (Socket forwarded = targetSocket.accept()) {
                            return forwarded.isConnected();
                        } catch (java.net.SocketTimeoutException notThere) {
                            // not (yet) forwarded
                        }
                        try {
                            if (socket.getInputStream().read() < 0) {
                                assertTrue(Files.readString(log).contains("administratively prohibited"), Files.readString(log));
                                return false;
                            }
                        } catch (java.net.SocketTimeoutException open) {
                            // still open: no verdict yet
                        }
                    }
                    throw new AssertionError("no verdict:\n" + Files.readString(log));
                } catch (java.net.ConnectException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new AssertionError("ssh -L never listened:\n" + Files.readString(log));
        } finally {
            ssh.destroy();
            ssh.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
