package io.sshnetty.auth.publickey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsed-file cache: whatever changes about the file or its directory, the next lookup sees it. */
class AuthorizedKeysFileTest {
    private static final String KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID0QhYnqKBQwR7Nbb3olcVRGUMuTv1rB2Yv8kWI3P4Hy a";
    private static final String KEY_B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICFqLxybrFeI/0r2V5J2PTm87p6kH11x98aMTvU7NlKQ b";
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path home;

    private List<String> comments(AuthorizedKeysFile files, Path file) {
        return files.keys(file, USER).stream().map(AuthorizedKey::comment).toList();
    }

    @Test
    void aChangeOfContentModeOrDirectoryModeIsSeenAtTheNextLookup() throws Exception {
        Path ssh = Files.createDirectory(home.resolve(".ssh"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = ssh.resolve("authorized_keys");
        Files.writeString(file, KEY_A + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AuthorizedKeysFile files = new AuthorizedKeysFile(true, 1 << 20, 8);
        assertEquals(List.of("a"), comments(files, file));
        assertEquals(List.of("a"), comments(files, file), "served from the cache");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        assertTrue(comments(files, file).isEmpty(), "a group-writable file is refused");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of("a"), comments(files, file));

        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx---rwx"));
        assertTrue(comments(files, file).isEmpty(), "a directory others can write to is refused");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        assertEquals(List.of("a"), comments(files, file));

        // Same size and modification time, other content: a new file moved into place (another inode).
        FileTime modified = Files.getLastModifiedTime(file);
        Path next = ssh.resolve("authorized_keys.new");
        Files.writeString(next, KEY_B + "\n");
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(next, modified);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(List.of("b"), comments(files, file));
    }

    @Test
    void withoutStrictModesTheModesAreNotChecked() throws Exception {
        Path file = home.resolve("keys");
        Files.writeString(file, KEY_A + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(List.of("a"), comments(new AuthorizedKeysFile(false, 1 << 20, 8), file));
        assertTrue(comments(new AuthorizedKeysFile(true, 1 << 20, 8), file).isEmpty());
    }
}
