package io.sshnetty.sftp.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Path confinement on the real file system, symbolic links included. */
class ConfinedPathsTest {
    @TempDir
    Path dir;

    private Path root;
    private ConfinedPaths paths;

    @BeforeEach
    void createRoot() throws Exception {
        root = Files.createDirectories(dir.resolve("root/home"));
        root = dir.resolve("root").toRealPath();
        Files.writeString(dir.resolve("secret"), "outside");
        Files.writeString(root.resolve("inside"), "inside");
        paths = new ConfinedPaths(root);
    }

    @Test
    void dotDotStopsAtTheRoot() {
        assertEquals("/", ConfinedPaths.normalize("/", ".."));
        assertEquals("/secret", ConfinedPaths.normalize("/home", "../../../secret"));
        assertEquals("/a/c", ConfinedPaths.normalize("/", "/a/./b/../c/"));
        assertEquals("/home/x", ConfinedPaths.normalize("/home", "x"));
        assertEquals("/home", ConfinedPaths.normalize("/home", ""));
    }

    @Test
    void absolutePathsAreTakenFromTheRoot() throws Exception {
        String hostPath = dir.resolve("secret").toString();
        assertEquals(root.resolve(hostPath.substring(1)), paths.lexical(ConfinedPaths.normalize("/", hostPath)));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> paths.following(ConfinedPaths.normalize("/", hostPath)));
        assertEquals(root.resolve("inside"), paths.following("/inside"));
    }

    @Test
    void symlinksLeadingOutOfTheRootAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("to-file"), dir.resolve("secret"));
        Files.createSymbolicLink(root.resolve("to-dir"), dir);
        Files.createSymbolicLink(root.resolve("home/up"), Path.of("../.."));
        assertThrows(AccessDeniedException.class, () -> paths.following("/to-file"));
        assertThrows(AccessDeniedException.class, () -> paths.following("/to-dir/secret"));
        assertThrows(AccessDeniedException.class, () -> paths.following("/to-dir/new-file"));
        assertThrows(AccessDeniedException.class, () -> paths.notFollowing("/to-dir/secret"));
        assertThrows(AccessDeniedException.class, () -> paths.following("/home/up/secret"));
        // The link itself is inside: operations that do not follow it (lstat, remove, readlink) may use it.
        assertEquals(root.resolve("to-file"), paths.notFollowing("/to-file"));
    }

    @Test
    void symlinksWithinTheRootAreFollowed() throws Exception {
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("inside"));
        Files.createSymbolicLink(root.resolve("home/rel"), Path.of("../inside"));
        assertEquals(root.resolve("inside"), paths.following("/alias"));
        assertEquals(root.resolve("inside"), paths.following("/home/rel"));
        assertEquals("/inside", paths.toClient(paths.following("/home/rel")));
    }

    @Test
    void newLinksMayNotPointAboveTheRoot() throws Exception {
        assertEquals("../inside", paths.linkTarget("/home/l", "../inside"));
        assertThrows(AccessDeniedException.class, () -> paths.linkTarget("/home/l", "../../secret"));
        assertThrows(AccessDeniedException.class, () -> paths.linkTarget("/l", "a/../../secret"));
        assertEquals(root.resolve("etc/passwd").toString(), paths.linkTarget("/l", "/etc/passwd"));
        assertEquals("/etc/passwd", paths.clientLinkTarget(root.resolve("etc/passwd")));
    }

    @Test
    void theWholeFileSystemAsRootConfinesNothing() throws Exception {
        ConfinedPaths everything = new ConfinedPaths(Path.of("/"));
        assertEquals(dir.resolve("secret").toRealPath(), everything.following(dir.resolve("secret").toString()));
        assertEquals(dir.resolve("secret").toRealPath().toString(), everything.toClient(dir.resolve("secret").toRealPath()));
    }

    @Test
    void aDirectorySwappedForALinkAfterTheCheckIsNotFollowed() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/f"), "inside");
        Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("elsewhere/f"), "outside");
        Path checked = paths.following("/d/f");
        // The race: between the check and the open, "d" becomes a link to a directory outside the root.
        Files.move(root.resolve("d"), root.resolve("d-old"));
        Files.createSymbolicLink(root.resolve("d"), dir.resolve("elsewhere"));
        assertThrows(java.io.IOException.class, () -> paths.openFile(checked, java.util.Set.of(StandardOpenOption.READ)).close());
        assertThrows(java.io.IOException.class, () -> paths.openDirectory(root.resolve("d")).close());
        assertThrows(java.io.IOException.class, () -> paths.openFile(root.resolve("d/new"),
                java.util.Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE)).close());
        assertFalse(Files.exists(dir.resolve("elsewhere/new")));
    }
}
