package io.sshnetty.sftp.server;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fresh in-memory file system for one fuzz input: the SFTP root {@code /srv/root} holding the files the
 * captured OpenSSH sessions name ({@code /tmp/sftpcap/...}, as OpenSSH's sftp-server saw them), and beside
 * the root a sentinel tree that must come through every input unchanged. Links inside the root lead at the
 * sentinel, absolutely and by climbing, so a confinement bug has something to reach. Bounded in size, so
 * that no input can make a file grow without end.
 */
final class FuzzRoot implements Closeable {
    /** The directory the captures were made in; the fixture's home. */
    static final String CAPTURE_DIR = "/tmp/sftpcap";
    private static final long MAX_SIZE = 16L * 1024 * 1024;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    final FileSystem fileSystem;
    final Path root;
    private final Path outside;
    private final Map<String, String> outsideBefore;

    FuzzRoot() throws IOException {
        fileSystem = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").setMaxSize(MAX_SIZE).build());
        outside = Files.createDirectories(fileSystem.getPath("/outside/dir"));
        Files.writeString(outside.resolve("x"), "x");
        Path sentinel = Files.writeString(fileSystem.getPath("/outside/sentinel"), "sentinel");
        root = Files.createDirectories(fileSystem.getPath("/srv/root"));
        Path fixture = Files.createDirectories(root.resolve(CAPTURE_DIR.substring(1)));
        Files.writeString(fixture.resolve("a.txt"), "hello, sftp\n");
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 'b');
        Files.write(fixture.resolve("big.bin"), big);
        Files.createDirectories(fixture.resolve("d"));
        Files.writeString(fixture.resolve("d/b.txt"), "b\n");
        Files.createSymbolicLink(fixture.resolve("link"), fileSystem.getPath("a.txt"));
        Files.createSymbolicLink(fixture.resolve("out"), sentinel);
        Files.createSymbolicLink(fixture.resolve("up"), fileSystem.getPath("../../../../outside"));
        outsideBefore = outsideState();
    }

    /** Everything outside the root is as it was. */
    void assertOutsideUnchanged() throws IOException {
        assertEquals(outsideBefore, outsideState(), "something outside the root changed");
    }

    /** Every file, channel and directory stream opened on the file system has been closed again. */
    void assertNothingOpen() throws ReflectiveOperationException {
        assertEquals(0, openResources().size(), "open file system resources: " + openResources());
    }

    /** jimfs keeps what is open on it for its close(): the one place a leaked handle shows. */
    private Collection<?> openResources() throws ReflectiveOperationException {
        FileStore store = fileSystem.getFileStores().iterator().next();
        Method state = store.getClass().getDeclaredMethod("state");
        state.setAccessible(true);
        Object fileSystemState = state.invoke(store);
        Field resources = fileSystemState.getClass().getDeclaredField("resources");
        resources.setAccessible(true);
        return (Collection<?>) resources.get(fileSystemState);
    }

    /** Each path outside the root with its type, size, contents, mode, times and link target. */
    private Map<String, String> outsideState() throws IOException {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(fileSystem.getPath("/"))) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.startsWith(root)) { // the root itself is the client's "/": its mode and times are theirs
                    continue;
                }
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW);
                String contents = attributes.isRegularFile() ? Arrays.toString(Files.readAllBytes(path))
                        : attributes.isSymbolicLink() ? "-> " + Files.readSymbolicLink(path) : "";
                state.put(path.toString(), attributes.size() + " " + attributes.permissions() + " "
                        + attributes.lastModifiedTime() + " " + attributes.owner() + " " + contents);
            }
        }
        return state;
    }

    @Override
    public void close() throws IOException {
        fileSystem.close();
    }
}
