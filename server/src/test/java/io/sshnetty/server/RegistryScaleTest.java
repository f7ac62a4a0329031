package io.sshnetty.server;

import io.netty.buffer.ByteBuf;
import io.sshnetty.server.registry.ConnectionInfo;
import io.sshnetty.testing.RawSshSocket;
import io.sshnetty.transport.packet.PacketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry with many connections, and with one event loop stuck. */
class RegistryScaleTest {
    private static final int CONNECTIONS = 400;

    @Test
    @Timeout(120)
    void closesByIdAndAwaitsAllOverManyConnections() throws Exception {
        try (SshServer server = AdmissionTest.passwordServer().build()) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            List<RawSshSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    sockets.add(RawSshSocket.connect(address).sendIdentification());
                }
                AdmissionTest.awaitTrue(() -> server.registry().size() == CONNECTIONS, Duration.ofSeconds(30));
                List<ConnectionInfo> listed = server.registry().listNow(Duration.ofSeconds(10));
                assertEquals(CONNECTIONS, listed.size());
                List<CompletableFuture<Boolean>> closing = new ArrayList<>();
                for (ConnectionInfo info : listed.subList(0, CONNECTIONS / 2)) {
                    closing.add(server.registry().close(info.id(), "by id").toCompletableFuture());
                }
                for (CompletableFuture<Boolean> closed : closing) {
                    assertTrue(closed.get(30, TimeUnit.SECONDS));
                }
                assertTrue(server.registry().awaitClosed(listed.get(0).id(), Duration.ofSeconds(5)));
                assertEquals(CONNECTIONS - CONNECTIONS / 2, server.registry().size());
                assertFalse(server.registry().close(listed.get(0).id(), "again").toCompletableFuture().get(5, TimeUnit.SECONDS));
                server.registry().closeAll("all");
                assertTrue(server.registry().awaitAllClosed(Duration.ofSeconds(30)));
                assertEquals(0, server.registry().size());
            } finally {
                for (RawSshSocket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void listAnswersByItsDeadlineWhileOneEventLoopIsStuck() throws Exception {
        CountDownLatch unstick = new CountDownLatch(1);
        AtomicBoolean stickNext = new AtomicBoolean();
        AtomicBoolean awaitRefused = new AtomicBoolean();
        SshServer[] serverRef = new SshServer[1];
        PacketListener sticky = new PacketListener() {
            @Override
            public void inbound(int sequenceNumber, ByteBuf payload) {
                if (stickNext.compareAndSet(true, false)) {
                    try {
                        serverRef[0].registry().awaitClosed("no-such-connection", Duration.ofMillis(1));
                        serverRef[0].registry().awaitAllClosed(Duration.ofMillis(1));
                    } catch (IllegalStateException refused) {
                        awaitRefused.set(true);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    try {
                        unstick.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (SshServer server = AdmissionTest.passwordServer().eventLoopThreads(2).packetListener(sticky).build()) {
            serverRef[0] = server;
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            List<RawSshSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    sockets.add(RawSshSocket.connect(address).sendIdentification());
                }
                AdmissionTest.awaitTrue(() -> server.registry().size() == 10, Duration.ofSeconds(10));
                stickNext.set(true);
                RawSshSocket stuck = RawSshSocket.connect(address).sendIdentification();
                sockets.add(stuck);
                stuck.sendPacket(new byte[] {20, 1, 2, 3});
                AdmissionTest.awaitTrue(() -> !stickNext.get(), Duration.ofSeconds(10));

                long start = System.nanoTime();
                List<ConnectionInfo> listed = server.registry().list().toCompletableFuture().get(30, TimeUnit.SECONDS);
                long waited = System.nanoTime() - start;
                assertEquals(11, listed.size(), "every connection listed, the stuck loop's too");
                assertTrue(listed.stream().anyMatch(info -> !info.complete()), "the stuck loop's connections are marked");
                assertTrue(waited < TimeUnit.SECONDS.toNanos(20), "answered by the deadline, not when the loop is free");
                assertTrue(awaitRefused.get(), "awaiting from an event loop is refused");
            } finally {
                unstick.countDown();
                for (RawSshSocket socket : sockets) {
                    socket.close();
                }
            }
        }
    }
}
