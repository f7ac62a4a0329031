package io.sshnetty.demo;

import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenSSH's sftp (batch mode) and scp against the demo server, started in-process with its SFTP root in
 * a temporary directory. Each test works in its own directory under the root.
 */
class OpenSshSftpTest {
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static Path root;
    private static Path local;
    private static Path key;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub")));
        root = Files.createDirectory(dir.resolve("root"));
        local = Files.createDirectory(dir.resolve("local"));
        Files.writeString(dir.resolve("outside.txt"), "secret outside the root\n");
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys, root).withUsers(java.util.Set.of("user")));
        port = server.address().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What one sftp or scp run came to. */
    record Result(int exitStatus, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitStatus + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static List<String> options() {
        return List.of("-F", "/dev/null", "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR");
    }

    private static Result sftp(String... commands) throws Exception {
        Path batch = Files.createTempFile(dir, "batch", "");
        Files.writeString(batch, String.join("\n", commands) + "\n");
        List<String> argv = new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-P", Integer.toString(port)));
        argv.addAll(options());
        argv.add("user@127.0.0.1");
        return run(argv);
    }

    private static Result scp(String... arguments) throws Exception {
        List<String> argv = new ArrayList<>(List.of("scp", "-P", Integer.toString(port)));
        argv.addAll(options());
        argv.addAll(List.of(arguments));
        return run(argv);
    }

    private static Result run(List<String> argv) throws Exception {
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        Process process = new ProcessBuilder(argv).directory(local.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile())).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(argv + " did not finish in " + TIMEOUT_SECONDS + " s\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path remoteDir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    private static Path localFile(String name, int length, long seed) throws IOException {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return Files.write(local.resolve(name), data);
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    @Test
    void putAndGetOneMebibyteChecksummed() throws Exception {
        remoteDir("small");
        Path file = localFile("one.bin", 1024 * 1024, 1);
        Result result = sftp("put one.bin /small/one.bin", "get /small/one.bin one-back.bin");
        assertEquals(0, result.exitStatus(), result.toString());
        assertArrayEquals(sha256(file), sha256(root.resolve("small/one.bin")));
        assertArrayEquals(sha256(file), sha256(local.resolve("one-back.bin")));
    }

    /**
     * The 256 MiB each way. Nothing of the file is held in memory: it is written from a seeded
     * generator one MiB at a time, hashed as it is written, and the copies are hashed as streams.
     */
    @Test
    void putAndGetTwoHundredFiftySixMebibytesChecksummed() throws Exception {
        remoteDir("large");
        Path file = local.resolve("large.bin");
        byte[] expected = writeRandomFile(file, 256, 2);
        long start = System.nanoTime();
        Result put = sftp("put large.bin /large/large.bin");
        long putMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, put.exitStatus(), put.toString());
        start = System.nanoTime();
        Result get = sftp("get /large/large.bin large-back.bin");
        long getMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, get.exitStatus(), get.toString());
        System.out.println("256 MiB over sftp: put " + putMillis + " ms, get " + getMillis + " ms");
        try {
            assertArrayEquals(expected, sha256(root.resolve("large/large.bin")));
            assertArrayEquals(expected, sha256(local.resolve("large-back.bin")));
        } finally {
            Files.delete(file);
            Files.deleteIfExists(local.resolve("large-back.bin"));
            Files.deleteIfExists(root.resolve("large/large.bin"));
        }
    }

    /** Writes {@code mebibytes} MiB of seeded random bytes to {@code file}, one MiB at a time; returns their SHA-256. */
    private static byte[] writeRandomFile(Path file, int mebibytes, long seed) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] chunk = new byte[1024 * 1024];
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < mebibytes; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        return digest.digest();
    }

    @Test
    void lsLongShowsModeLinksOwnerSizeAndName() throws Exception {
        Path listed = remoteDir("listed");
        Files.writeString(listed.resolve("notes.txt"), "12345");
        Files.setPosixFilePermissions(listed.resolve("notes.txt"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createDirectory(listed.resolve("sub"));
        // OpenSSH 9's sftp formats long listings itself, with names from users-groups-by-id@openssh.com
        // and "?" for the link count it has no attribute for; the server's own long names are unit-tested.
        Result result = sftp("cd /listed", "ls -l");
        assertEquals(0, result.exitStatus(), result.toString());
        String owner = Files.getOwner(listed.resolve("notes.txt")).getName();
        assertTrue(result.stdout().lines().anyMatch(line -> line.matches(
                "-rw-r----- +[?1] " + owner + " +\\S+ +5 \\w{3} [ \\d]\\d \\d\\d:\\d\\d notes\\.txt")), result.toString());
        assertTrue(result.stdout().lines().anyMatch(line -> line.startsWith("drwx") && line.endsWith(" sub")),
                result.toString());
    }

    @Test
    void mkdirRenamePosixRenameRemoveAndRmdir() throws Exception {
        remoteDir("ops");
        localFile("a.txt", 100, 3);
        localFile("b.txt", 200, 4);
        Result result = sftp("mkdir /ops/d", "put a.txt /ops/d/a", "put b.txt /ops/d/b", "rename -l /ops/d/a /ops/d/c",
                "-rename -l /ops/d/b /ops/d/c", "rename /ops/d/b /ops/d/c", "rm /ops/d/c", "mkdir /ops/gone",
                "rmdir /ops/gone");
        assertEquals(0, result.exitStatus(), result.toString());
        assertFalse(Files.exists(root.resolve("ops/d/a")));
        assertFalse(Files.exists(root.resolve("ops/d/b")));
        assertFalse(Files.exists(root.resolve("ops/d/c")));
        assertFalse(Files.exists(root.resolve("ops/gone")));
        assertTrue(Files.isDirectory(root.resolve("ops/d")));
    }

    /** sftp's "rename" uses posix-rename@openssh.com when the server has it; "rename -l" the plain v3 RENAME. */
    @Test
    void renameOntoAnExistingFileFailsButPosixRenameReplacesIt() throws Exception {
        Path d = remoteDir("replace");
        Files.writeString(d.resolve("x"), "x");
        Files.writeString(d.resolve("y"), "y");
        Result plain = sftp("rename -l /replace/x /replace/y");
        assertNotEquals(0, plain.exitStatus(), plain.toString());
        assertEquals("y", Files.readString(d.resolve("y")));
        Result posix = sftp("rename /replace/x /replace/y");
        assertEquals(0, posix.exitStatus(), posix.toString());
        assertEquals("x", Files.readString(d.resolve("y")));
    }

    @Test
    void symbolicAndHardLinks() throws Exception {
        Path d = remoteDir("links");
        Files.writeString(d.resolve("target.txt"), "linked");
        Result result = sftp("ln -s /links/target.txt /links/soft", "ln /links/target.txt /links/hard",
                "get /links/soft soft-back.txt");
        assertEquals(0, result.exitStatus(), result.toString());
        assertTrue(Files.isSymbolicLink(d.resolve("soft")));
        assertEquals(d.resolve("target.txt").toRealPath(), d.resolve("soft").toRealPath());
        assertEquals(2, Files.getAttribute(d.resolve("hard"), "unix:nlink"));
        assertEquals("linked", Files.readString(local.resolve("soft-back.txt")));
    }

    @Test
    void chmodChownAndChgrpSetModeAndOwnership() throws Exception {
        Path d = remoteDir("perm");
        Files.writeString(d.resolve("f"), "f");
        int uid = (Integer) Files.getAttribute(d.resolve("f"), "unix:uid");
        int gid = (Integer) Files.getAttribute(d.resolve("f"), "unix:gid");
        Result result = sftp("chmod 640 /perm/f", "chown " + uid + " /perm/f", "chgrp " + gid + " /perm/f");
        assertEquals(0, result.exitStatus(), result.toString());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("f"))));
        assertEquals(uid, Files.getAttribute(d.resolve("f"), "unix:uid"));
    }

    @Test
    void dfReportsTheFileSystemsSize() throws Exception {
        Result result = sftp("df -h /");
        assertEquals(0, result.exitStatus(), result.toString());
        assertTrue(result.stdout().contains("Size") && result.stdout().contains("Avail"), result.toString());
    }

    @Test
    void regetAndReputResumePartialTransfers() throws Exception {
        Path d = remoteDir("resume");
        Path file = localFile("whole.bin", 3 * 1024 * 1024 + 17, 5);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(d.resolve("whole.bin"), java.util.Arrays.copyOf(bytes, 1024 * 1024));
        Files.write(local.resolve("partial.bin"), java.util.Arrays.copyOf(bytes, 1000));
        Files.write(d.resolve("source.bin"), bytes);
        Result result = sftp("reput whole.bin /resume/whole.bin", "reget /resume/source.bin partial.bin");
        assertEquals(0, result.exitStatus(), result.toString());
        assertArrayEquals(sha256(file), sha256(d.resolve("whole.bin")));
        assertArrayEquals(sha256(file), sha256(local.resolve("partial.bin")));
    }

    @Test
    void twoThousandFilesAreListedInFull() throws Exception {
        Path d = remoteDir("many");
        for (int i = 0; i < 2000; i++) {
            Files.createFile(d.resolve(String.format("file-%04d", i)));
        }
        Result result = sftp("ls -1 /many");
        assertEquals(0, result.exitStatus(), result.toString());
        assertEquals(2000, result.stdout().lines().filter(line -> line.contains("file-")).count());
    }

    @Test
    void missingFileIsACleanError() throws Exception {
        Result result = sftp("get /does/not/exist here.bin");
        assertEquals(1, result.exitStatus(), result.toString());
        assertTrue(result.stderr().contains("not found") || result.stderr().contains("No such file"), result.toString());
        Result next = sftp("ls /");
        assertEquals(0, next.exitStatus(), next.toString());
    }

    @Test
    void dotDotAbsolutePathsAndSymlinksCannotLeaveTheRoot() throws Exception {
        Path d = remoteDir("escape");
        Files.createSymbolicLink(d.resolve("out-link"), dir.resolve("outside.txt"));
        Files.createSymbolicLink(d.resolve("out-dir"), dir);
        for (String path : List.of("/../outside.txt", "../../outside.txt", "/escape/../../outside.txt",
                dir.resolve("outside.txt").toString(), "/escape/out-link", "/escape/out-dir/outside.txt")) {
            Result result = sftp("get " + path + " stolen.txt");
            assertEquals(1, result.exitStatus(), path + ": " + result);
            assertFalse(Files.exists(local.resolve("stolen.txt")), path);
        }
        Result listing = sftp("ls -l /escape/out-dir/", "ls -l /escape/out-dir/outside.txt");
        assertTrue(listing.stdout().lines().noneMatch(line -> !line.startsWith("sftp>") && line.contains("outside.txt")),
                listing.toString());
        Result put = sftp("put /dev/null /escape/out-dir/planted.txt");
        assertEquals(1, put.exitStatus(), put.toString());
        assertFalse(Files.exists(dir.resolve("planted.txt")));
    }

    @Test
    void symlinksMadeOverSftpPointInsideTheRoot() throws Exception {
        Path d = remoteDir("planted");
        Result result = sftp("ln -s " + dir.resolve("outside.txt") + " /planted/abs", "ln -s ../../../outside.txt /planted/rel");
        assertEquals(1, result.exitStatus(), result.toString());
        assertTrue(Files.readSymbolicLink(d.resolve("abs")).startsWith(root.toRealPath()), Files.readSymbolicLink(d.resolve("abs")).toString());
        assertFalse(Files.exists(d.resolve("rel"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void scpCopiesUpAndDownOverSftp() throws Exception {
        remoteDir("scp");
        Path file = localFile("scp.bin", 2 * 1024 * 1024 + 3, 6);
        Result up = scp("scp.bin", "user@127.0.0.1:/scp/scp.bin");
        assertEquals(0, up.exitStatus(), up.toString());
        Result down = scp("user@127.0.0.1:/scp/scp.bin", "scp-back.bin");
        assertEquals(0, down.exitStatus(), down.toString());
        assertArrayEquals(sha256(file), sha256(root.resolve("scp/scp.bin")));
        assertArrayEquals(sha256(file), sha256(local.resolve("scp-back.bin")));
    }

    @Test
    void scpUnderstandsTildePaths() throws Exception {
        Path file = localFile("tilde.txt", 1000, 7);
        Result up = scp("tilde.txt", "user@127.0.0.1:~/tilde.txt");
        assertEquals(0, up.exitStatus(), up.toString());
        assertArrayEquals(sha256(file), sha256(root.resolve("tilde.txt")));
    }

    @Test
    void scpCopiesDirectoriesRecursively() throws Exception {
        Path tree = Files.createDirectories(local.resolve("tree/sub"));
        Files.writeString(tree.resolve("leaf.txt"), "leaf\n");
        Files.writeString(local.resolve("tree/top.txt"), "top\n");
        remoteDir("scp-r");
        Result up = scp("-r", "tree", "user@127.0.0.1:/scp-r/");
        assertEquals(0, up.exitStatus(), up.toString());
        assertEquals("leaf\n", Files.readString(root.resolve("scp-r/tree/sub/leaf.txt")));
        Result down = scp("-r", "user@127.0.0.1:/scp-r/tree", "tree-back");
        assertEquals(0, down.exitStatus(), down.toString());
        assertEquals("top\n", Files.readString(local.resolve("tree-back/top.txt")));
        assertEquals("leaf\n", Files.readString(local.resolve("tree-back/sub/leaf.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void legacyScpCopiesUpAndDownServedInProcess() throws Exception {
        remoteDir("legacy");
        Path file = localFile("legacy.bin", 3 * 1024 * 1024 + 5, 8);
        Result up = scp("-O", "-p", "legacy.bin", "user@127.0.0.1:/legacy/");
        assertEquals(0, up.exitStatus(), up.toString());
        assertArrayEquals(sha256(file), sha256(root.resolve("legacy/legacy.bin")));
        assertEquals(Files.getLastModifiedTime(file).toMillis() / 1000,
                Files.getLastModifiedTime(root.resolve("legacy/legacy.bin")).toMillis() / 1000);
        Result down = scp("-O", "user@127.0.0.1:/legacy/legacy.bin", "legacy-back.bin");
        assertEquals(0, down.exitStatus(), down.toString());
        assertArrayEquals(sha256(file), sha256(local.resolve("legacy-back.bin")));
        Result tilde = scp("-O", "legacy.bin", "user@127.0.0.1:~/legacy-home.bin");
        assertEquals(0, tilde.exitStatus(), tilde.toString());
        assertArrayEquals(sha256(file), sha256(root.resolve("legacy-home.bin")));
    }

    @Test
    void legacyScpCopiesDirectoriesRecursively() throws Exception {
        Path tree = Files.createDirectories(local.resolve("legacy-tree/a/b"));
        Files.writeString(tree.resolve("deep.txt"), "deep\n");
        Files.writeString(local.resolve("legacy-tree/top.txt"), "top\n");
        remoteDir("legacy-r");
        Result up = scp("-O", "-r", "legacy-tree", "user@127.0.0.1:/legacy-r/");
        assertEquals(0, up.exitStatus(), up.toString());
        assertEquals("deep\n", Files.readString(root.resolve("legacy-r/legacy-tree/a/b/deep.txt")));
        Result down = scp("-O", "-r", "user@127.0.0.1:/legacy-r/legacy-tree", "legacy-tree-back");
        assertEquals(0, down.exitStatus(), down.toString());
        assertEquals("top\n", Files.readString(local.resolve("legacy-tree-back/top.txt")));
        assertEquals("deep\n", Files.readString(local.resolve("legacy-tree-back/a/b/deep.txt")));
    }

    @Test
    void legacyScpReportsAMissingFileAndCannotLeaveTheRoot() throws Exception {
        Result missing = scp("-O", "user@127.0.0.1:/no/such/file", "nothing.bin");
        assertEquals(1, missing.exitStatus(), missing.toString());
        assertTrue(missing.stderr().contains("No such file"), missing.toString());
        Result escape = scp("-O", "user@127.0.0.1:../outside.txt", "stolen-legacy.txt");
        assertEquals(1, escape.exitStatus(), escape.toString());
        assertFalse(Files.exists(local.resolve("stolen-legacy.txt")));
    }

    @Test
    void legacyScpExpandsGlobsInTheRemoteSourceLikeAShell() throws Exception {
        Path d = remoteDir("glob");
        for (String name : List.of("a.txt", "b.txt", "c.log", ".hidden.txt", "star *.txt")) {
            Files.writeString(d.resolve(name), name + "\n");
        }
        Files.createDirectory(d.resolve("dir.txt"));
        Path star = Files.createDirectory(local.resolve("glob-star"));
        Result result = scp("-O", "user@127.0.0.1:/glob/*.txt", star + "/");
        // dir.txt matches too, and is refused without -r, as scp refuses it.
        assertEquals(1, result.exitStatus(), result.toString());
        assertTrue(result.stderr().contains("/glob/dir.txt: not a regular file"), result.toString());
        assertEquals(List.of("a.txt", "b.txt", "star *.txt"), listing(star));
        assertEquals("a.txt\n", Files.readString(star.resolve("a.txt")));

        Path some = Files.createDirectory(local.resolve("glob-some"));
        Result bracket = scp("-O", "user@127.0.0.1:/glob/[ac].???", "user@127.0.0.1:/glob/.h*", some + "/");
        assertEquals(0, bracket.exitStatus(), bracket.toString());
        assertEquals(List.of(".hidden.txt", "a.txt", "c.log"), listing(some));

        Path quoted = Files.createDirectory(local.resolve("glob-quoted"));
        // Escaped, the star is a plain character (for the client's own name check too, which fnmatch()es).
        Result literal = scp("-O", "user@127.0.0.1:/glob/star\\ \\*.txt", quoted + "/");
        assertEquals(0, literal.exitStatus(), literal.toString());
        assertEquals(List.of("star *.txt"), listing(quoted));
    }

    @Test
    void legacyScpGlobMatchingNothingIsReportedLikeAMissingFile() throws Exception {
        remoteDir("glob-none");
        Result result = scp("-O", "user@127.0.0.1:/glob-none/*.txt", "nothing.txt");
        assertEquals(1, result.exitStatus(), result.toString());
        assertTrue(result.stderr().contains("/glob-none/*.txt: No such file or directory"), result.toString());
        assertFalse(Files.exists(local.resolve("nothing.txt")));
        Result inDirectory = scp("-O", "user@127.0.0.1:/glob-n*/x.txt", "nothing.txt");
        assertEquals(1, inDirectory.exitStatus(), inDirectory.toString());
        assertTrue(inDirectory.stderr().contains("/glob-n*/x.txt: patterns are expanded in the last path component only"),
                inDirectory.toString());
    }

    @Test
    void legacyScpGlobCannotLeaveTheRoot() throws Exception {
        Files.writeString(root.resolve("top-level.txt"), "inside the root\n");
        for (String source : List.of("../*.txt", "/glob-escape/../../*.txt", "/../*.txt")) {
            Path target = Files.createDirectories(local.resolve("glob-escape" + source.length()));
            Result result = scp("-O", "user@127.0.0.1:" + source, target + "/");
            assertEquals(0, result.exitStatus(), result.toString());
            assertTrue(Files.exists(target.resolve("top-level.txt")), source + ": " + result);
            assertFalse(Files.exists(target.resolve("outside.txt")), source + " escaped the root");
            for (String name : listing(target)) {
                assertTrue(Files.exists(root.resolve(name)), source + " fetched " + name + " from outside the root");
            }
        }
    }

    private static List<String> listing(Path directory) throws IOException {
        try (var names = Files.list(directory)) {
            return names.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putPreservesTimesAndModeAndFsyncsOnRequest() throws Exception {
        remoteDir("preserve");
        Path file = localFile("kept.bin", 4096, 9);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        Result result = sftp("put -p -f kept.bin /preserve/kept.bin");
        assertEquals(0, result.exitStatus(), result.toString());
        Path remote = root.resolve("preserve/kept.bin");
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(remote).toMillis());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));
        assertArrayEquals(sha256(file), sha256(remote));
    }

    @Test
    void copyRunsOnTheServerAndChmodDashHDoesNotFollowLinks() throws Exception {
        Path d = remoteDir("copy");
        Files.writeString(d.resolve("original"), "copied on the server\n");
        Files.setPosixFilePermissions(d.resolve("original"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(d.resolve("link"), d.resolve("original"));
        Result result = sftp("cp /copy/original /copy/duplicate", "chmod 600 /copy/link", "-chmod -h 644 /copy/link");
        assertEquals(0, result.exitStatus(), result.toString());
        assertEquals("copied on the server\n", Files.readString(d.resolve("duplicate")));
        // chmod follows the link to the file; chmod -h (lsetstat) acts on the link, which Linux refuses quietly or not at all.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("original"))));
    }
}
