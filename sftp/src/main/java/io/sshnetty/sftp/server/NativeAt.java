package io.sshnetty.sftp.server;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The {@code *at} calls Java has no form of — mkdirat(2), symlinkat(2), linkat(2) — through JNA, on Linux
 * (x86-64 and AArch64) and the default file system only. The directory is reached from the root with
 * openat(2) and {@code O_NOFOLLOW} at every step, so a directory renamed or swapped for a link meanwhile
 * can make the call fail or land in another directory under the root, never outside it. Where JNA or the
 * platform is missing, {@link #available} is false and callers use the namespace lock instead.
 */
final class NativeAt {
    private static final Logger log = LoggerFactory.getLogger(NativeAt.class);
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;

    private NativeAt() {
    }

    /** The C library's calls; each throws {@link LastErrorException} with errno when it fails. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int openat(int directory, String path, int flags) throws LastErrorException;

        int mkdirat(int directory, String path, int mode) throws LastErrorException;

        int symlinkat(String target, int directory, String path) throws LastErrorException;

        int linkat(int fromDirectory, String from, int toDirectory, String to, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** Loaded on first use, so a missing JNA costs nothing but the fallback. */
    private static final class Loaded {
        static final LibC LIBC = load();
        /** O_DIRECTORY | O_NOFOLLOW, whose values differ by architecture. */
        static final int DIRECTORY_NOFOLLOW = directoryNoFollow();

        private static LibC load() {
            if (!System.getProperty("os.name", "").equals("Linux") || directoryNoFollow() == 0) {
                return null;
            }
            try {
                return Native.load("c", LibC.class);
            } catch (Throwable unavailable) {
                log.debug("no native *at calls, SFTP uses the namespace lock: {}", unavailable.toString());
                return null;
            }
        }

        private static int directoryNoFollow() {
            switch (System.getProperty("os.arch", "")) {
                case "amd64":
                case "x86_64":
                    return 0200000 | 0400000;
                case "aarch64":
                    return 040000 | 0100000;
                default:
                    return 0;
            }
        }
    }

    /** Whether the calls can be made for {@code root}'s file system. */
    static boolean available(Path root) {
        if (root.getFileSystem() != FileSystems.getDefault()) {
            return false;
        }
        try {
            return Loaded.LIBC != null;
        } catch (LinkageError noJna) {
            return false;
        }
    }

    static void mkdir(Path root, String clientDirectory, String name, int mode) throws IOException {
        int directory = openDirectory(root, clientDirectory);
        try {
            Loaded.LIBC.mkdirat(directory, name, mode);
        } catch (LastErrorException e) {
            throw failure(clientDirectory + "/" + name, e);
        } finally {
            close(directory);
        }
    }

    static void symlink(Path root, String clientDirectory, String name, String target) throws IOException {
        int directory = openDirectory(root, clientDirectory);
        try {
            Loaded.LIBC.symlinkat(target, directory, name);
        } catch (LastErrorException e) {
            throw failure(clientDirectory + "/" + name, e);
        } finally {
            close(directory);
        }
    }

    /** A hard link {@code toName} in {@code toDirectory} to {@code fromName} in {@code fromDirectory}, links not followed. */
    static void link(Path root, String fromDirectory, String fromName, String toDirectory, String toName) throws IOException {
        int from = openDirectory(root, fromDirectory);
        try {
            int to = openDirectory(root, toDirectory);
            try {
                Loaded.LIBC.linkat(from, fromName, to, toName, 0);
            } catch (LastErrorException e) {
                throw failure(toDirectory + "/" + toName, e);
            } finally {
                close(to);
            }
        } finally {
            close(from);
        }
    }

    /** The directory at {@code clientDirectory} (a resolved client path: directories only), opened from the root. */
    private static int openDirectory(Path root, String clientDirectory) throws IOException {
        int directory;
        try {
            directory = Loaded.LIBC.open(root.toString(), O_PATH | O_CLOEXEC | Loaded.DIRECTORY_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("/", e);
        }
        for (String part : clientDirectory.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                int next = Loaded.LIBC.openat(directory, part, O_PATH | O_CLOEXEC | Loaded.DIRECTORY_NOFOLLOW);
                close(directory);
                directory = next;
            } catch (LastErrorException e) {
                close(directory);
                throw failure(clientDirectory, e);
            }
        }
        return directory;
    }

    private static void close(int fd) {
        try {
            Loaded.LIBC.close(fd);
        } catch (LastErrorException ignored) {
            // nothing to be done about a failed close of a path descriptor
        }
    }

    /** errno as the exception java.nio would have thrown, which {@link Errors} maps to a status. */
    private static IOException failure(String path, LastErrorException e) {
        switch (e.getErrorCode()) {
            case 2: // ENOENT
                return new NoSuchFileException(path);
            case 17: // EEXIST
                return new FileAlreadyExistsException(path);
            case 1: // EPERM
            case 13: // EACCES
                return new AccessDeniedException(path);
            case 20: // ENOTDIR
                return new NotDirectoryException(path);
            case 40: // ELOOP: a link where a directory was
                return new FileSystemException(path, null, "Too many levels of symbolic links");
            default:
                return new FileSystemException(path, null, "errno " + e.getErrorCode());
        }
    }
}
