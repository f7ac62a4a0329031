package io.sshnetty.sftp.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private String resolved(String clientPath, boolean follow) throws Exception {
        try (ConfinedPaths.Located at = paths.walk(clientPath, follow)) {
            return at.clientPath();
        }
    }

    @Test
    void absolutePathsAreTakenFromTheRoot() throws Exception {
        String hostPath = dir.resolve("secret").toString();
        assertEquals(root.resolve(hostPath.substring(1)), paths.lexical(ConfinedPaths.normalize("/", hostPath)));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> resolved(ConfinedPaths.normalize("/", hostPath), true));
        assertEquals("/inside", resolved("/inside", true));
    }

    @Test
    void symlinksLeadingOutOfTheRootAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("to-file"), dir.resolve("secret"));
        Files.createSymbolicLink(root.resolve("to-dir"), dir);
        Files.createSymbolicLink(root.resolve("home/up"), Path.of("../.."));
        assertThrows(AccessDeniedException.class, () -> resolved("/to-file", true));
        assertThrows(AccessDeniedException.class, () -> resolved("/to-dir/secret", true));
        assertThrows(AccessDeniedException.class, () -> resolved("/to-dir/new-file", true));
        assertThrows(AccessDeniedException.class, () -> resolved("/to-dir/secret", false));
        assertThrows(AccessDeniedException.class, () -> resolved("/home/up/secret", true));
        // The link itself is inside: operations that do not follow it (lstat, remove, readlink) may use it.
        assertEquals("/to-file", resolved("/to-file", false));
    }

    @Test
    void symlinksWithinTheRootAreFollowed() throws Exception {
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("inside"));
        Files.createSymbolicLink(root.resolve("home/rel"), Path.of("../inside"));
        Files.createSymbolicLink(root.resolve("home/loop"), Path.of("loop"));
        assertEquals("/inside", resolved("/alias", true));
        assertEquals("/inside", resolved("/home/rel", true));
        assertThrows(java.nio.file.FileSystemLoopException.class, () -> resolved("/home/loop", true));
    }

    @Test
    void newLinksAreStoredSoThatNoMoveCanMakeThemLeadOut() throws Exception {
        assertEquals("a/b", paths.linkTarget("/home", "a/b"));
        // "../inside" from /home is fine here, but not once the link is moved to "/": stored absolute.
        assertEquals(root.resolve("inside").toString(), paths.linkTarget("/home", "../inside"));
        assertThrows(AccessDeniedException.class, () -> paths.linkTarget("/home", "../../secret"));
        assertThrows(AccessDeniedException.class, () -> paths.linkTarget("/", "a/../../secret"));
        assertEquals(root.resolve("etc/passwd").toString(), paths.linkTarget("/", "/etc/passwd"));
        assertEquals("/etc/passwd", paths.clientLinkTarget(root.resolve("etc/passwd")));
    }

    @Test
    void aRootIsRequiredAndTheWholeFileSystemIsJustAnotherRoot() throws Exception {
        assertThrows(IllegalStateException.class, () -> SftpSubsystem.builder().build());
        ConfinedPaths everything = new ConfinedPaths(Path.of("/"));
        try (ConfinedPaths.Located at = everything.walk(dir.resolve("secret").toRealPath().toString(), true)) {
            assertEquals(dir.resolve("secret").toRealPath(), at.path());
        }
    }

    @Test
    void aDirectorySwappedForALinkMidWalkIsNotFollowed() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/f"), "inside");
        Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("elsewhere/f"), "outside");
        try (ConfinedPaths.Located at = paths.walk("/d/f", true)) {
            // The race: after the walk, "d" becomes a link to a directory outside the root.
            Files.move(root.resolve("d"), root.resolve("d-old"));
            Files.createSymbolicLink(root.resolve("d"), dir.resolve("elsewhere"));
            // The handle still names the directory now called d-old.
            assertEquals("inside", new String(java.nio.channels.Channels.newInputStream(at.directory().newByteChannel(
                    at.relative(), java.util.Set.of(StandardOpenOption.READ))).readAllBytes()));
        }
        assertThrows(AccessDeniedException.class, () -> resolved("/d/f", true));
    }

    @Test
    void onLinuxTheDefaultFileSystemMakesDirectoriesAndLinksWithAtCalls() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && List.of("amd64", "aarch64").contains(System.getProperty("os.arch")));
        assertTrue(NativeAt.available(root));
        Files.createDirectory(root.resolve("d"));
        paths.createDirectory("/d/made", 0750);
        paths.createSymbolicLink("/d/up", "../inside");
        paths.createLink("/inside", "/d/hard");
        assertTrue(Files.isDirectory(root.resolve("d/made"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(root.resolve("inside"), Files.readSymbolicLink(root.resolve("d/up")));
        assertEquals(Files.readAttributes(root.resolve("inside"), java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                Files.readAttributes(root.resolve("d/hard"), java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> paths.createDirectory("/d/made", 0750));
    }
}
