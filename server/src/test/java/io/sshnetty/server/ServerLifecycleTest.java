package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.server.registry.ConnectionListener;
import io.sshnetty.testing.RawSshSocket;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a server's owner sees of its life: the transport it chose, its socket settings, and awaiting its end. */
class ServerLifecycleTest {
    @TempDir
    Path dir;

    private static SshServer.Builder minimal() {
        return SshServer.builder().hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .allowNoneAuthentication(true);
    }

    @Test
    void awaitTerminationReturnsOnceAnotherThreadHasShutTheServerDown() throws Exception {
        SshServer server = minimal().build();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return server.awaitTermination();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(server.awaitTermination(Duration.ofMillis(200)), "still serving");
        assertFalse(waiter.isDone(), "awaitTermination returned while the server was serving");
        assertTrue(server.shutdown("bye", Duration.ofSeconds(5)));
        assertTrue(waiter.get(10, TimeUnit.SECONDS), "awaitTermination reports the clean shutdown");
        assertTrue(server.awaitTermination(Duration.ZERO), "after the shutdown it returns at once");
    }

    @Test
    void awaitTerminationOnAnEventLoopIsRefusedInsteadOfHangingThatLoop() throws Exception {
        CompletableFuture<Throwable> onLoop = new CompletableFuture<>();
        SshServer[] holder = new SshServer[1];
        try (SshServer server = minimal().connectionListener(new ConnectionListener() {
            @Override
            public void opened(SshConnection connection) {
                try {
                    holder[0].awaitTermination(Duration.ofSeconds(30));
                    onLoop.complete(null);
                } catch (Throwable e) {
                    onLoop.complete(e);
                }
            }
        }).build()) {
            holder[0] = server;
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (RawSshSocket peer = RawSshSocket.connect(address)) {
                assertInstanceOf(IllegalStateException.class, onLoop.get(10, TimeUnit.SECONDS));
                assertTrue(peer.readLine(Duration.ofSeconds(10)).startsWith("SSH-2.0-"), "the loop went on serving");
            }
        }
    }

    @Test
    void theChosenTransportAndTheSocketSettingsAreVisible() {
        SocketOptions options = SocketOptions.DEFAULT.withKeepAlive(false).withBufferSizes(128 * 1024, 128 * 1024)
                .withWriteWaterMarks(8 * 1024, 16 * 1024);
        try (SshServer server = minimal().ioTransport(IoTransport.NIO).socketOptions(options).build();
             SshServer auto = minimal().build()) {
            assertEquals(IoTransport.NIO, server.ioTransport());
            assertEquals(options, server.socketOptions());
            assertNotEquals(IoTransport.AUTO, auto.ioTransport(), "AUTO is resolved to what the OS has");
            assertEquals(SocketOptions.DEFAULT, auto.socketOptions());
        }
        assertThrows(IllegalArgumentException.class, () -> SocketOptions.DEFAULT.withWriteWaterMarks(2, 1));
        assertThrows(IllegalArgumentException.class, () -> SocketOptions.DEFAULT.withBacklog(0));
    }

    /** Tiny water marks make every chunk of a megabyte wait for writability; the bytes must all arrive, in order. */
    @Test
    void customSocketSettingsStillCarryAMegabyteBothWays() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        SocketOptions options = SocketOptions.DEFAULT.withKeepAlive(false).withBacklog(16)
                .withBufferSizes(32 * 1024, 32 * 1024).withWriteWaterMarks(1024, 4096);
        try (SshServer server = minimal().socketOptions(options)
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .exec(request -> Command.process(io -> {
                    io.stdin().transferTo(io.stdout());
                    return 0;
                }))
                .build()) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
            byte[] data = new byte[1024 * 1024];
            new SecureRandom().nextBytes(data);
            OpenSshClient.Result echoed = client.run(List.of(), "cat", data);
            assertEquals(0, echoed.exitStatus(), echoed.stderr());
            assertTrue(Arrays.equals(data, echoed.stdout()), "the echo differs from what was sent");
        }
    }
}
