package io.sshnetty.demo;

import io.sshnetty.server.OpenSshClient;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo runs every user's commands as its own OS account, so a forwarded agent's socket would be open
 * to every user: only the user named as that account gets agent forwarding.
 */
class DemoAgentForwardingTest {
    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static OpenSshClient client;
    private static Process agent;
    private static Path agentSocket;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys)
                .withUsers(Set.of("mallory-" + System.getProperty("user.name"))));
        client = new OpenSshClient(dir, server.address().getPort(), key);
        agentSocket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 100 && !Files.exists(agentSocket); i++) {
            Thread.sleep(50);
        }
        Path agentKey = SshKeygen.newEd25519Key(dir, "agent_key", "held-by-the-agent");
        ProcessBuilder adding = new ProcessBuilder("ssh-add", agentKey.toString()).redirectErrorStream(true);
        adding.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
        Process add = adding.start();
        add.getInputStream().readAllBytes();
        assertEquals(0, add.waitFor());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void agentForwardingIsRefusedForAUserWhoIsNotTheDemosAccount() throws Exception {
        String listed = withAgent(client.as("mallory-" + System.getProperty("user.name")));
        assertTrue(listed.contains("no-agent"), listed);
    }

    @Test
    void theDemosOwnAccountGetsItsAgentAndItsSocketGoesWithTheSession() throws Exception {
        String listed = withAgent(client.as(System.getProperty("user.name")));
        assertTrue(listed.contains("held-by-the-agent (ED25519)"), listed);
        Path socket = Path.of(listed.substring(listed.indexOf("socket=") + 7).trim());
        for (int i = 0; i < 100 && Files.exists(socket); i++) {
            Thread.sleep(50);
        }
        assertTrue(!Files.exists(socket), socket + " outlived its session");
        assertTrue(Files.isDirectory(socket.getParent()), "the agent directory stays until the server stops");
    }

    private static String withAgent(OpenSshClient as) throws Exception {
        List<String> argv = as.argv(List.of("-A", "-o", "IdentityAgent=" + agentSocket));
        argv.add("if [ -n \"$SSH_AUTH_SOCK\" ]; then ssh-add -l; echo socket=$SSH_AUTH_SOCK; else echo no-agent; fi");
        ProcessBuilder forwarding = new ProcessBuilder(argv).redirectErrorStream(true);
        forwarding.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
        Process ssh = forwarding.start();
        String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ssh.waitFor(60, TimeUnit.SECONDS));
        return output;
    }
}
