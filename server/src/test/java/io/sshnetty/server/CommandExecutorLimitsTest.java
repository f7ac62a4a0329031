package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Process-style commands run on a bounded executor the server owns and stops. */
class CommandExecutorLimitsTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void commandsBeyondTheBoundFailAtOnceAndShutdownStopsTheRunningOnes() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Files.copy(Path.of(key + ".pub"), dir.resolve("authorized_keys"));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        SshServer server = SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(dir.resolve("authorized_keys"), "user"))
                .commandThreads(2, 0)
                .exec(request -> Command.process(io -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        never.await();
                        return 0;
                    } catch (InterruptedException stopped) {
                        interrupted.incrementAndGet();
                        throw stopped;
                    } finally {
                        running.decrementAndGet();
                    }
                }))
                .build();
        List<Process> clients = new ArrayList<>();
        try {
            OpenSshClient client = new OpenSshClient(dir, server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
            for (int i = 0; i < 2; i++) {
                clients.add(start(client));
            }
            for (int i = 0; i < 400 && running.get() < 2; i++) {
                Thread.sleep(50);
            }
            assertEquals(2, running.get(), "two commands hold the two threads");
            List<Process> refused = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refused.add(start(client));
            }
            for (Process process : refused) {
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "a command beyond the bound is answered, not queued forever");
                assertEquals(255, process.exitValue());
            }
            assertEquals(2, mostRunning.get(), "never more commands at once than the bound");
            assertTrue(clients.get(0).isAlive() && clients.get(1).isAlive());
        } finally {
            server.shutdown("test over", Duration.ofSeconds(2));
            for (Process process : clients) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < 200 && interrupted.get() < 2; i++) {
            Thread.sleep(50);
        }
        assertEquals(2, interrupted.get(), "shutdown stops the running commands");
        assertEquals(0, running.get());
    }

    private Process start(OpenSshClient client) throws Exception {
        List<String> argv = client.argv(List.of());
        argv.add("block");
        return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
