package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.sftp.internal.codec.Extensions;
import io.sshnetty.sftp.internal.codec.FileAttributes;
import io.sshnetty.sftp.internal.codec.OpenFlags;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The escapes of the December 2026 review (C2 and its kin), played by a raw SFTP v3 client against the
 * real file system: a root with a sibling directory outside it whose files are sentinels. Nothing the
 * client does may change a sentinel's mode, times, owner or presence.
 */
class ConfinementTest {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;

    private Path root;
    private Path outside;

    @BeforeEach
    void createRootAndSentinels() throws Exception {
        root = Files.createDirectory(dir.resolve("root")).toRealPath();
        outside = Files.createDirectory(dir.resolve("outside")).toRealPath();
        for (String name : List.of("f", "t", "d/t", "d/f")) {
            Path sentinel = outside.resolve(name);
            Files.createDirectories(sentinel.getParent());
            Files.writeString(sentinel, "sentinel " + name);
            Files.setPosixFilePermissions(sentinel, PosixFilePermissions.fromString("rw-------"));
            Files.setLastModifiedTime(sentinel, OLD);
        }
    }

    /** Every entry under the outside directory with its mode, times, owner and size. */
    private Map<String, String> sentinels() throws Exception {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> all = Files.walk(outside)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime", NOFOLLOW);
                state.put(outside.relativize(path).toString(), unix.get("mode") + " " + unix.get("uid") + ":" + unix.get("gid")
                        + " " + unix.get("size") + " " + unix.get("lastModifiedTime"));
            }
        }
        return state;
    }

    private SftpTestClient client(SftpSubsystem subsystem) throws Exception {
        SftpTestClient client = new SftpTestClient(subsystem, "mallory");
        client.init(3);
        return client;
    }

    private SftpSubsystem subsystem() {
        return SftpSubsystem.builder().root(root).build();
    }

    private static int status(SftpPacket reply) {
        return assertInstanceOf(SftpPacket.Status.class, reply, String.valueOf(reply)).code();
    }

    private static String handle(SftpPacket reply) {
        return assertInstanceOf(SftpPacket.Handle.class, reply, String.valueOf(reply)).handle();
    }

    /** Sends {@code request} and drops the reply, whatever it is. */
    private static void ignore(SftpTestClient client, SftpPacket request) throws Exception {
        client.call(request).release();
    }

    private static ByteBuf payload(java.util.function.Consumer<ByteBuf> encode) {
        ByteBuf buffer = Unpooled.buffer();
        encode.accept(buffer);
        return buffer;
    }

    /**
     * Review C2: the client makes an escaping link (a relative link that climbs one level, then RENAMEd to
     * the top), swaps it in for the directory of an open file and sends FSETSTAT on the handle.
     */
    @Test
    void anEscapingLinkSwappedAboveAnOpenFileDoesNotLetFsetstatReachOutside() throws Exception {
        Map<String, String> before = sentinels();
        try (SftpTestClient client = client(subsystem())) {
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Mkdir(1, "/a", FileAttributes.EMPTY))));
            // From /a, "../outside" is /outside under the root; moved to the top it would climb out.
            ignore(client, new SftpPacket.Symlink(2, "../outside", "/a/l"));
            ignore(client, new SftpPacket.Rename(3, "/a/l", "/x"));
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Mkdir(4, "/d", FileAttributes.EMPTY))));
            String h = handle(client.call(new SftpPacket.Open(5, "/d/f", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY)));
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Rename(6, "/d", "/d_old"))));
            ignore(client, new SftpPacket.Rename(7, "/x", "/d"));
            ignore(client, new SftpPacket.Fsetstat(8, h, FileAttributes.EMPTY.withPermissions(0666).withTimes(86400L, 86400L)));
            ignore(client, new SftpPacket.Setstat(9, "/d/f", FileAttributes.EMPTY.withPermissions(0666).withTimes(86400L, 86400L)));
            ignore(client, new SftpPacket.Close(10, h));
        }
        assertEquals(before, sentinels());
        // The link the client made leads where it pointed when made, wherever it is now.
        assertTrue(Files.readSymbolicLink(root.resolve("d")).startsWith(root), Files.readSymbolicLink(root.resolve("d")).toString());
    }

    /**
     * The check-then-use race: one client renames an escaping link (left in the root by someone else) in
     * and out of the place of a directory, thousands of times, while another sends SETSTAT, LSETSTAT,
     * FSETSTAT, FSTAT, RENAME, SYMLINK, READLINK, statvfs, hardlink, MKDIR, RMDIR, REMOVE and OPEN on
     * paths beneath it.
     */
    @Test
    void renamingDirectoriesInALoopNeverLetsAnotherClientsRequestsLandOutside() throws Exception {
        SftpSubsystem subsystem = subsystem();
        race(subsystem, done -> {
            try (SftpTestClient client = client(subsystem)) {
                int id = 0;
                int swaps = 0;
                while (!done.get()) {
                    ignore(client, new SftpPacket.Rename(id++, "/d", "/d_real"));
                    ignore(client, new SftpPacket.Rename(id++, "/trap", "/d"));
                    ignore(client, new SftpPacket.Rename(id++, "/d", "/trap"));
                    ignore(client, new SftpPacket.Rename(id++, "/d_real", "/d"));
                    swaps++;
                }
                return swaps;
            }
        }, true);
    }

    /**
     * The same race with the renames made by another process (here: straight through java.nio), which
     * no lock of the library holds back. Everything but owner changes, readlink and statvfs acts through
     * directory handles or *at calls, and must still hold.
     */
    @Test
    void renamesByAnotherProcessCannotRedirectHandleAndAtCalls() throws Exception {
        race(subsystem(), done -> {
            int swaps = 0;
            while (!done.get()) {
                try {
                    Files.move(root.resolve("d"), root.resolve("d_real"));
                    Files.move(root.resolve("trap"), root.resolve("d"));
                    Files.move(root.resolve("d"), root.resolve("trap"));
                    Files.move(root.resolve("d_real"), root.resolve("d"));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                swaps++;
            }
            return swaps;
        }, false);
    }

    /** Something that swaps directories until told to stop, and says how many times it did. */
    private interface Swapper {
        int swapUntil(AtomicBoolean done) throws Exception;
    }

    private void race(SftpSubsystem subsystem, Swapper swapper, boolean pathCalls) throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/t"), "inside");
        Files.createSymbolicLink(root.resolve("trap"), outside);
        Map<String, String> before = sentinels();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread attacker = new Thread(() -> {
            try {
                swaps.set(swapper.swapUntil(done));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "attacker");
        attacker.start();
        int iterations = 2000;
        try (SftpTestClient client = client(subsystem)) {
            FileAttributes change = FileAttributes.EMPTY.withPermissions(0666).withTimes(86400L, 86400L);
            int id = 0;
            for (int i = 0; i < iterations; i++) {
                ignore(client, new SftpPacket.Setstat(id++, "/d/t", change));
                ignore(client, new SftpPacket.Setstat(id++, "/d/d/t", FileAttributes.EMPTY.withSize(0L)));
                ignore(client, new SftpPacket.Extended(id++, Extensions.LSETSTAT, payload(out ->
                        new Extensions.PathAndAttributes("/d/f", change).encode(out))));
                SftpPacket opened = client.call(new SftpPacket.Open(id++, "/d/t", OpenFlags.READ, FileAttributes.EMPTY));
                if (opened instanceof SftpPacket.Handle) {
                    String h = ((SftpPacket.Handle) opened).handle();
                    ignore(client, new SftpPacket.Fsetstat(id++, h, change));
                    ignore(client, new SftpPacket.Fstat(id++, h));
                    ignore(client, new SftpPacket.Close(id++, h));
                } else {
                    opened.release();
                }
                ignore(client, new SftpPacket.Open(id++, "/d/new" + i, OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY));
                ignore(client, new SftpPacket.Mkdir(id++, "/d/m" + i, FileAttributes.EMPTY));
                ignore(client, new SftpPacket.Rmdir(id++, "/d/d"));
                ignore(client, new SftpPacket.Remove(id++, "/d/f"));
                ignore(client, new SftpPacket.Symlink(id++, "t", "/d/s" + i));
                if (pathCalls) {
                    ignore(client, new SftpPacket.Readlink(id++, "/d/s" + i));
                    ignore(client, new SftpPacket.Extended(id++, Extensions.STATVFS, payload(out ->
                            new Extensions.OnePath("/d/t").encode(out))));
                }
                ignore(client, new SftpPacket.Rename(id++, "/d/t", "/d/moved" + i));
                ignore(client, new SftpPacket.Rename(id++, "/d/moved" + i, "/d/t"));
                int n = i;
                ignore(client, new SftpPacket.Extended(id++, Extensions.HARDLINK, payload(out ->
                        new Extensions.TwoPaths("/d/t", "/d/h" + n).encode(out))));
            }
        } finally {
            done.set(true);
            attacker.join(30_000);
        }
        assertTrue(swaps.get() > 100, "only " + swaps.get() + " swaps happened");
        assertEquals(before, sentinels());
    }

    /** Review H5: copy-data between two handles on one file used to copy until the disk was full. */
    @Test
    void copyDataOntoTheSameFileIsRefused() throws Exception {
        Files.write(root.resolve("self"), new byte[1024]);
        try (SftpTestClient client = client(subsystem())) {
            String from = handle(client.call(new SftpPacket.Open(1, "/self", OpenFlags.READ, FileAttributes.EMPTY)));
            String to = handle(client.call(new SftpPacket.Open(2, "/self", OpenFlags.WRITE, FileAttributes.EMPTY)));
            SftpPacket reply = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> client.call(
                    new SftpPacket.Extended(3, Extensions.COPY_DATA, payload(out -> new Extensions.CopyData(from, 0, 0, to, 1024).encode(out)))));
            assertEquals(StatusCode.FAILURE, status(reply));
            assertEquals(1024, Files.size(root.resolve("self")));
        }
    }

    /** Review M6: set-id and sticky bits are dropped unless the application allows them. */
    @Test
    void setIdBitsAreDroppedFromSetstatAndFsetstat() throws Exception {
        Files.writeString(root.resolve("tool"), "#!/bin/sh\n");
        Files.writeString(root.resolve("other"), "#!/bin/sh\n");
        try (SftpTestClient client = client(subsystem())) {
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Setstat(1, "/tool", FileAttributes.EMPTY.withPermissions(04755)))));
            String h = handle(client.call(new SftpPacket.Open(2, "/other", OpenFlags.READ, FileAttributes.EMPTY)));
            assertEquals(StatusCode.OK, status(client.call(new SftpPacket.Fsetstat(3, h, FileAttributes.EMPTY.withPermissions(06775)))));
        }
        assertEquals(0755, (Integer) Files.getAttribute(root.resolve("tool"), "unix:mode") & 07777);
        assertEquals(0775, (Integer) Files.getAttribute(root.resolve("other"), "unix:mode") & 07777);
    }

    /** Review H6: opening a FIFO blocked a worker for good. */
    @Test
    void aFifoInTheRootIsRefusedNotOpened() throws Exception {
        Path fifo = root.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (SftpTestClient client = client(subsystem())) {
            SftpPacket reply = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> client.call(new SftpPacket.Open(1, "/fifo", OpenFlags.READ, FileAttributes.EMPTY)));
            assertEquals(StatusCode.FAILURE, status(reply));
            assertNotEquals(StatusCode.OK, status(client.call(new SftpPacket.Setstat(2, "/fifo", FileAttributes.EMPTY.withSize(0L)))));
        } finally {
            // Should an open be blocked on it (the old behaviour), a writer lets it go.
            Thread unblock = new Thread(() -> {
                try (var writer = Files.newOutputStream(fifo)) {
                    writer.flush();
                } catch (Exception ignored) {
                    // nobody was waiting
                }
            });
            unblock.setDaemon(true);
            unblock.start();
        }
    }

    /** Review L2: users-groups-by-id names no host account unless the application says so. */
    @Test
    void usersGroupsByIdNamesNoHostAccountByDefault() throws Exception {
        try (SftpTestClient client = client(subsystem())) {
            SftpPacket.ExtendedReply reply = (SftpPacket.ExtendedReply) client.call(new SftpPacket.Extended(1,
                    Extensions.USERS_GROUPS_BY_ID, payload(out -> new Extensions.Ids(List.of(0), List.of(0)).encode(out))));
            try {
                Extensions.Names names = Extensions.Names.decode(reply.data());
                assertEquals(List.of(""), names.userNames());
                assertEquals(List.of(""), names.groupNames());
            } finally {
                reply.release();
            }
        }
    }

    /** The long names of READDIR show numbers, not the host's account names, by default. */
    @Test
    void longNamesShowNumericOwnersByDefault() throws Exception {
        Files.writeString(root.resolve("mine"), "x");
        int uid = (Integer) Files.getAttribute(root.resolve("mine"), "unix:uid");
        try (SftpTestClient client = client(subsystem())) {
            String h = handle(client.call(new SftpPacket.Opendir(1, "/")));
            List<String> longNames = new ArrayList<>();
            SftpPacket reply = client.call(new SftpPacket.Readdir(2, h));
            ((SftpPacket.Name) reply).entries().forEach(entry -> longNames.add(entry.longname()));
            assertTrue(longNames.stream().anyMatch(line -> line.matches("-[rwx-]{9} +1 " + uid + " +\\d+ .* mine")),
                    longNames.toString());
        }
    }
}
