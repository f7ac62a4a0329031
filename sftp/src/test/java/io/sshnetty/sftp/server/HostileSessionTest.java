package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.sftp.internal.codec.FileAttributes;
import io.sshnetty.sftp.internal.codec.OpenFlags;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packets and situations that used to leave a client waiting forever, or hold files and workers for good. */
class HostileSessionTest {
    @TempDir
    Path root;

    private SftpTestClient client(SftpSubsystem.Builder builder) throws Exception {
        SftpTestClient client = new SftpTestClient(builder.root(root).build(), "mallory");
        client.init(3);
        return client;
    }

    private static void sendRaw(SftpTestClient client, ByteBuf bytes) {
        try {
            client.sendRaw(bytes);
        } finally {
            bytes.release();
        }
    }

    @Test
    void aPacketTooShortForARequestIdEndsTheSessionInsteadOfLeavingTheClientWaiting() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            sendRaw(client, Unpooled.buffer().writeInt(1).writeByte(SftpPacket.OPEN));
            assertEquals(0, client.awaitExit(5));
        }
    }

    @Test
    void anEmptyPacketEndsTheSession() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            sendRaw(client, Unpooled.buffer().writeInt(0));
            assertEquals(0, client.awaitExit(5));
        }
    }

    @Test
    void aPacketCutByEofAfterItsIdIsAnsweredBadMessage() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            sendRaw(client, Unpooled.buffer().writeInt(20).writeByte(SftpPacket.OPEN).writeInt(7).writeByte(0));
            client.sendEof();
            SftpPacket.Status status = assertInstanceOf(SftpPacket.Status.class, client.receive());
            assertEquals(7, status.id());
            assertEquals(StatusCode.BAD_MESSAGE, status.code());
            assertEquals(0, client.awaitExit(5));
        }
    }

    /** The file descriptors of this process open on {@code file}. */
    private static int openDescriptors(Path file) throws IOException {
        Path real = file.toRealPath();
        int count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        count++;
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return count;
    }

    @Test
    void closingTheChannelClosesEveryHandleAtOnceEvenWithRequestsInFlight() throws Exception {
        Files.writeString(root.resolve("held"), "data");
        ExecutorService workers = Executors.newCachedThreadPool();
        LinkedBlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        AtomicBoolean holding = new AtomicBoolean();
        try {
            SftpTestClient client = client(SftpSubsystem.builder().executor(task -> {
                if (holding.get()) {
                    held.add(task);
                } else {
                    workers.execute(task);
                }
            }));
            SftpPacket opened = client.call(new SftpPacket.Open(1, "/held", OpenFlags.READ, FileAttributes.EMPTY));
            String handle = assertInstanceOf(SftpPacket.Handle.class, opened).handle();
            assertEquals(1, openDescriptors(root.resolve("held")));
            // A READ that no worker gets to: as if the worker were stuck on the file.
            holding.set(true);
            client.send(new SftpPacket.Read(2, handle, 0, 10));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (held.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            client.closeChannel();
            deadline = System.nanoTime() + 5_000_000_000L;
            while (openDescriptors(root.resolve("held")) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, openDescriptors(root.resolve("held")));
            holding.set(false);
            for (Runnable task; (task = held.poll()) != null; ) {
                workers.execute(task);
            }
        } finally {
            workers.shutdown();
        }
    }

    @Test
    void oneSessionHoldsNoMoreWorkersThanItsShareAndEveryRequestIsStillServed() throws Exception {
        for (int i = 0; i < 10; i++) {
            Files.writeString(root.resolve("f" + i), "file " + i);
        }
        ExecutorService workers = Executors.newCachedThreadPool();
        LinkedBlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        AtomicBoolean holding = new AtomicBoolean();
        AtomicInteger submitted = new AtomicInteger();
        try (SftpTestClient client = client(SftpSubsystem.builder().maxWorkersPerSession(2).executor(task -> {
            if (holding.get()) {
                submitted.incrementAndGet();
                held.add(task);
            } else {
                workers.execute(task);
            }
        }))) {
            List<String> handles = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                SftpPacket opened = client.call(new SftpPacket.Open(i, "/f" + i, OpenFlags.READ, FileAttributes.EMPTY));
                handles.add(assertInstanceOf(SftpPacket.Handle.class, opened).handle());
            }
            // The worker that served the last OPEN may still be on its way out: then it takes a waiting lane itself.
            Thread.sleep(100);
            holding.set(true);
            for (int i = 0; i < 10; i++) {
                client.send(new SftpPacket.Read(100 + i, handles.get(i), 0, 100));
            }
            Thread.sleep(300);
            assertTrue(submitted.get() >= 1 && submitted.get() <= 2, "workers asked for by one session: " + submitted.get());
            holding.set(false);
            for (Runnable task; (task = held.poll()) != null; ) {
                workers.execute(task);
            }
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                SftpPacket.Data data = assertInstanceOf(SftpPacket.Data.class, client.receive());
                answered.add(data.id());
                data.release();
            }
            assertEquals(10, answered.size());
        } finally {
            workers.shutdown();
        }
    }

    @Test
    void theOwnedPoolIsBoundedAndClosedWithTheSubsystem() throws Exception {
        Files.writeString(root.resolve("f"), "x");
        SftpSubsystem subsystem = SftpSubsystem.builder().root(root).workers(2).build();
        try (SftpTestClient client = new SftpTestClient(subsystem, "alice")) {
            client.init(3);
            assertInstanceOf(SftpPacket.Attrs.class, client.call(new SftpPacket.Stat(1, "/f")));
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("sshnetty-sftp-")).count() >= 1);
        } finally {
            subsystem.close();
        }
    }
}
