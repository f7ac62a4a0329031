package io.sshnetty.sftp.server;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.sftp.internal.codec.Extensions;
import io.sshnetty.sftp.internal.codec.FileAttributes;
import io.sshnetty.sftp.internal.codec.OpenFlags;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One session at the packet level, on an in-memory (jimfs) file system. */
class SftpSessionTest {
    private FileSystem fileSystem;
    private Path root;

    @BeforeEach
    void createFileSystem() throws Exception {
        fileSystem = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        root = Files.createDirectories(fileSystem.getPath("/srv/sftp"));
        Files.createDirectories(root.resolve("home/alice"));
    }

    @AfterEach
    void closeFileSystem() throws Exception {
        fileSystem.close();
    }

    private SftpTestClient client(SftpSubsystem.Builder builder) throws Exception {
        SftpTestClient client = new SftpTestClient(builder.root(root).build(), "alice");
        client.init(3);
        return client;
    }

    private static int status(SftpPacket reply) {
        return assertInstanceOf(SftpPacket.Status.class, reply, String.valueOf(reply)).code();
    }

    private static String handle(SftpPacket reply) {
        return assertInstanceOf(SftpPacket.Handle.class, reply, String.valueOf(reply)).handle();
    }

    @Test
    void aClientOfferingVersionSixGetsThreeAndOpenSshsExtensionList() throws Exception {
        try (SftpTestClient client = new SftpTestClient(SftpSubsystem.builder().root(root).build(), "alice")) {
            SftpPacket.Version version = client.init(6);
            assertEquals(3, version.version());
            assertEquals(List.of("posix-rename@openssh.com", "statvfs@openssh.com", "fstatvfs@openssh.com",
                    "hardlink@openssh.com", "fsync@openssh.com", "lsetstat@openssh.com", "limits@openssh.com",
                    "expand-path@openssh.com", "copy-data", "home-directory", "users-groups-by-id@openssh.com",
                    "space-available"),
                    version.extensions().stream().map(SftpPacket.ExtensionPair::name).toList());
            assertEquals(0, client.finish());
        }
    }

    @Test
    void relativePathsStartAtTheUsersHome() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder().home(user -> "/home/" + user))) {
            SftpPacket.Name name = (SftpPacket.Name) client.call(new SftpPacket.Realpath(1, "."));
            assertEquals("/home/alice", name.entries().get(0).filename());
            SftpPacket.Name expanded = (SftpPacket.Name) client.call(new SftpPacket.Extended(2, Extensions.EXPAND_PATH,
                    payload(out -> new Extensions.OnePath("~/docs").encode(out))));
            assertEquals("/home/alice/docs", expanded.entries().get(0).filename());
            SftpPacket.Name home = (SftpPacket.Name) client.call(new SftpPacket.Extended(3, Extensions.HOME_DIRECTORY,
                    payload(out -> new Extensions.OnePath("alice").encode(out))));
            assertEquals("/home/alice", home.entries().get(0).filename());
        }
    }

    @Test
    void pipelinedWritesAndReadsAreAllAnsweredAndTheBytesArrive() throws Exception {
        byte[] data = new byte[64 * 32 * 1024];
        new Random(1).nextBytes(data);
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            String file = handle(client.call(new SftpPacket.Open(1, "/big", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY)));
            for (int i = 0; i < 64; i++) {
                client.send(new SftpPacket.Write(100 + i, file, i * 32768L, Unpooled.wrappedBuffer(data, i * 32768, 32768)));
            }
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                SftpPacket.Status status = (SftpPacket.Status) client.receive();
                assertEquals(StatusCode.OK, status.code());
                answered.add(status.id());
            }
            assertEquals(64, answered.size());
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Close(2, file))));
            assertArrayEquals(data, Files.readAllBytes(root.resolve("big")));

            String reading = handle(client.call(new SftpPacket.Open(3, "/big", OpenFlags.READ, FileAttributes.EMPTY)));
            for (int i = 0; i < 64; i++) {
                client.send(new SftpPacket.Read(200 + i, reading, i * 32768L, 32768));
            }
            byte[] back = new byte[data.length];
            for (int i = 0; i < 64; i++) {
                SftpPacket.Data reply = (SftpPacket.Data) client.receive();
                try {
                    reply.data().getBytes(reply.data().readerIndex(), back, (reply.id() - 200) * 32768, 32768);
                } finally {
                    reply.release();
                }
            }
            assertArrayEquals(data, back);
            assertEquals(StatusCode.EOF, status(client.call(new SftpPacket.Read(4, reading, data.length, 32768))));
            assertEquals(0, client.finish());
        }
    }

    /**
     * While workers hold the budget, decoding pauses and the bytes not decoded are not reported consumed,
     * so the channel's window closes; once replies leave, the rest is decoded and answered.
     */
    @Test
    void aSpentBudgetPausesDecodingHoldsTheWindowBackAndEofStillServesWhatWaits() throws Exception {
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool();
        java.util.concurrent.LinkedBlockingQueue<Runnable> held = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.Executor executor = task -> {
            if (holding.get()) {
                held.add(task);
            } else {
                workers.execute(task);
            }
        };
        int budget = 1024 * 1024;
        try (SftpTestClient client = client(SftpSubsystem.builder().executor(executor).maxInFlightBytes(budget))) {
            String file = handle(client.call(new SftpPacket.Open(1, "/held", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY)));
            long before = client.consumed.get();
            holding.set(true);
            byte[] piece = new byte[32 * 1024];
            int requests = 64;
            ByteBuf framed = Unpooled.buffer();
            for (int i = 0; i < requests; i++) {
                io.sshnetty.sftp.internal.codec.SftpPackets.encodeFramed(
                        new SftpPacket.Write(100 + i, file, i * 32768L, Unpooled.wrappedBuffer(piece)), framed);
            }
            long sent = framed.readableBytes();
            client.sendRaw(framed);
            framed.release();
            Thread.sleep(300);
            long taken = client.consumed.get() - before;
            // About 30 requests of 32 KiB fit a 1 MiB budget; the rest waits, unconsumed.
            assertTrue(taken > 0 && taken <= budget + 33 * 1024, "consumed " + taken + " of " + sent);
            // The client's EOF while requests wait: every one of them is still served before the session ends.
            client.sendEof();
            holding.set(false);
            for (Runnable task; (task = held.poll()) != null; ) {
                workers.execute(task);
            }
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < requests; i++) {
                SftpPacket.Status status = (SftpPacket.Status) client.receive();
                assertEquals(StatusCode.OK, status.code());
                answered.add(status.id());
            }
            assertEquals(requests, answered.size());
            assertEquals(sent, client.consumed.get() - before);
            assertEquals(0, client.finish());
            assertEquals(requests * 32768L, Files.size(root.resolve("held")));
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aMalformedRequestGetsBadMessageAndTheSessionLivesOn() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            ByteBuf bad = Unpooled.buffer().writeInt(9).writeByte(SftpPacket.OPEN).writeInt(5).writeInt(1_000_000);
            try {
                client.sendRaw(bad);
            } finally {
                bad.release();
            }
            SftpPacket.Status status = (SftpPacket.Status) client.receive();
            assertEquals(5, status.id());
            assertEquals(StatusCode.BAD_MESSAGE, status.code());
            assertInstanceOf(SftpPacket.Name.class, client.call(new SftpPacket.Realpath(6, "/")));
        }
    }

    @Test
    void anOversizedPacketIsSkippedAndAnsweredAndTheSessionLivesOn() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            int length = 300 * 1024;
            ByteBuf huge = Unpooled.buffer().writeInt(length).writeByte(SftpPacket.WRITE).writeInt(9);
            huge.writeZero(length - 5);
            try {
                client.sendRaw(huge);
            } finally {
                huge.release();
            }
            SftpPacket.Status status = (SftpPacket.Status) client.receive();
            assertEquals(9, status.id());
            assertEquals(StatusCode.BAD_MESSAGE, status.code());
            assertInstanceOf(SftpPacket.Name.class, client.call(new SftpPacket.Realpath(10, "/")));
        }
    }

    @Test
    void unknownRequestsAndExtensionsAreUnsupported() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            assertEquals(StatusCode.OP_UNSUPPORTED, status(client.call(new SftpPacket.Unknown(1, 99))));
            assertEquals(StatusCode.OP_UNSUPPORTED, status(client.call(new SftpPacket.Extended(2, "nope@example.com",
                    Unpooled.EMPTY_BUFFER))));
        }
    }

    @Test
    void readOnlyRefusesEveryChangeButServesReads() throws Exception {
        Files.writeString(root.resolve("r.txt"), "read me");
        try (SftpTestClient client = client(SftpSubsystem.builder().readOnly(true))) {
            int denied = StatusCode.PERMISSION_DENIED;
            assertEquals(denied, status(client.call(new SftpPacket.Open(1, "/w", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY))));
            assertEquals(denied, status(client.call(new SftpPacket.Remove(2, "/r.txt"))));
            assertEquals(denied, status(client.call(new SftpPacket.Mkdir(3, "/d", FileAttributes.EMPTY))));
            assertEquals(denied, status(client.call(new SftpPacket.Rename(4, "/r.txt", "/s.txt"))));
            assertEquals(denied, status(client.call(new SftpPacket.Setstat(5, "/r.txt", FileAttributes.EMPTY.withPermissions(0777)))));
            assertEquals(denied, status(client.call(new SftpPacket.Symlink(6, "/r.txt", "/l"))));
            String h = handle(client.call(new SftpPacket.Open(7, "/r.txt", OpenFlags.READ, FileAttributes.EMPTY)));
            SftpPacket.Data data = (SftpPacket.Data) client.call(new SftpPacket.Read(8, h, 0, 100));
            try {
                assertEquals("read me", data.data().toString(StandardCharsets.UTF_8));
            } finally {
                data.release();
            }
            assertTrue(Files.exists(root.resolve("r.txt")));
        }
    }

    @Test
    void openHandlesAreCapped() throws Exception {
        Files.writeString(root.resolve("f"), "f");
        try (SftpTestClient client = client(SftpSubsystem.builder().maxOpenHandles(3))) {
            for (int i = 0; i < 3; i++) {
                handle(client.call(new SftpPacket.Open(i, "/f", OpenFlags.READ, FileAttributes.EMPTY)));
            }
            assertEquals(StatusCode.FAILURE, status(client.call(new SftpPacket.Open(9, "/f", OpenFlags.READ, FileAttributes.EMPTY))));
            assertEquals(StatusCode.FAILURE, status(client.call(new SftpPacket.Opendir(10, "/"))));
        }
    }

    @Test
    void largeDirectoriesComeInChunksOfAtMostOneHundredNames() throws Exception {
        Path many = Files.createDirectory(root.resolve("many"));
        for (int i = 0; i < 250; i++) {
            Files.createFile(many.resolve("f" + i));
        }
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            String h = handle(client.call(new SftpPacket.Opendir(1, "/many")));
            Map<String, String> longNames = new HashMap<>();
            int id = 2;
            while (true) {
                SftpPacket reply = client.call(new SftpPacket.Readdir(id++, h));
                if (reply instanceof SftpPacket.Status) {
                    assertEquals(StatusCode.EOF, ((SftpPacket.Status) reply).code());
                    break;
                }
                List<SftpPacket.NameEntry> entries = ((SftpPacket.Name) reply).entries();
                assertTrue(entries.size() <= 100, "chunk of " + entries.size());
                entries.forEach(entry -> longNames.put(entry.filename(), entry.longname()));
            }
            assertEquals(252, longNames.size(), "250 files, . and ..");
            assertTrue(longNames.get("f7").matches("-rw-r--r-- +1 \\S+ +\\S+ +0 \\w{3} [ \\d]\\d \\d\\d:\\d\\d f7"),
                    longNames.get("f7"));
            assertTrue(longNames.get(".").startsWith("d"), longNames.get("."));
        }
    }

    @Test
    void limitsTellTheClientWhatTheServerAccepts() throws Exception {
        try (SftpTestClient client = client(SftpSubsystem.builder().maxOpenHandles(42))) {
            SftpPacket.ExtendedReply reply = (SftpPacket.ExtendedReply) client.call(
                    new SftpPacket.Extended(1, Extensions.LIMITS, Unpooled.EMPTY_BUFFER));
            try {
                assertEquals(new Extensions.Limits(262144, 261120, 261120, 42), Extensions.Limits.decode(reply.data()));
            } finally {
                reply.release();
            }
        }
    }

    @Test
    void spaceAvailableAnswersFromTheFileStoreOfThePath() throws Exception {
        java.nio.file.FileStore store = Files.getFileStore(root);
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            SftpPacket.ExtendedReply reply = (SftpPacket.ExtendedReply) client.call(new SftpPacket.Extended(1,
                    Extensions.SPACE_AVAILABLE, payload(out -> new Extensions.OnePath("/home").encode(out))));
            try {
                Extensions.SpaceAvailable space = Extensions.SpaceAvailable.decode(reply.data());
                assertEquals(store.getTotalSpace(), space.bytesOnDevice());
                assertEquals(store.getUsableSpace(), space.unusedBytesAvailableToUser());
            } finally {
                reply.release();
            }
            assertEquals(StatusCode.NO_SUCH_FILE, status(client.call(new SftpPacket.Extended(2, Extensions.SPACE_AVAILABLE,
                    payload(out -> new Extensions.OnePath("/missing").encode(out))))));
        }
    }

    @Test
    void copyDataCopiesBetweenHandlesOnTheServer() throws Exception {
        Files.writeString(root.resolve("src"), "0123456789");
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            String from = handle(client.call(new SftpPacket.Open(1, "/src", OpenFlags.READ, FileAttributes.EMPTY)));
            String to = handle(client.call(new SftpPacket.Open(2, "/dst", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY)));
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Extended(3, Extensions.COPY_DATA,
                    payload(out -> new Extensions.CopyData(from, 2, 0, to, 0).encode(out))))));
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Close(4, to))));
            assertEquals("23456789", Files.readString(root.resolve("dst")));
        }
    }

    @Test
    void removeRefusesDirectoriesAndRmdirRefusesFiles() throws Exception {
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("file"), "x");
        try (SftpTestClient client = client(SftpSubsystem.builder())) {
            assertEquals(StatusCode.FAILURE, status(client.call(new SftpPacket.Remove(1, "/dir"))));
            assertEquals(StatusCode.NO_SUCH_FILE, status(client.call(new SftpPacket.Rmdir(2, "/file"))));
            assertEquals(StatusCode.NO_SUCH_FILE, status(client.call(new SftpPacket.Stat(3, "/missing"))));
            assertTrue(Files.isDirectory(root.resolve("dir")));
            assertFalse(Files.notExists(root.resolve("file")));
        }
    }

    private static ByteBuf payload(java.util.function.Consumer<ByteBuf> encode) {
        ByteBuf buffer = Unpooled.buffer();
        encode.accept(buffer);
        return buffer;
    }
}
