package io.sshnetty.sftp.server;

import io.sshnetty.sftp.internal.codec.FileAttributes;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;

/**
 * A file's attributes as SFTP sends them, with what an {@code ls -l} line needs besides: link count and
 * owner and group names. Read through the richest view the file system has — "unix" (the default file
 * system on Linux and macOS), then "posix", then "basic" — and written back the same way.
 */
record FileStatus(FileAttributes attributes, int links, String owner, String group) {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    /**
     * The attributes of {@code name} in {@code directory} ({@code null} or "." for the directory itself),
     * never following a link. The numeric owner, link count and special mode bits come from the "unix"
     * view of {@code path}, used only when it names the very file the directory handle does (same file
     * key); otherwise from the handle's POSIX view alone.
     */
    static FileStatus read(SecureDirectoryStream<Path> directory, String name, Path path) throws IOException {
        return read(directory, name == null ? null : path.getFileSystem().getPath(name), path);
    }

    private static FileStatus read(SecureDirectoryStream<Path> directory, Path name, Path path) throws IOException {
        BasicFileAttributes basic = view(directory, name, BasicFileAttributeView.class).readAttributes();
        PosixFileAttributeView posixView = view(directory, name, PosixFileAttributeView.class);
        PosixFileAttributes posix = posixView == null ? null : posixView.readAttributes();
        Object key = basic.fileKey();
        if (key != null) {
            try {
                Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,nlink,size,lastAccessTime,"
                        + "lastModifiedTime,owner,group,isDirectory,isSymbolicLink,isRegularFile,fileKey", NOFOLLOW);
                if (key.equals(unix.get("fileKey"))) {
                    return fromUnix(unix);
                }
            } catch (UnsupportedOperationException | IllegalArgumentException | IOException noUnixView) {
                // no "unix" view, or the path no longer names this file: the handle's view below
            }
        }
        int mode;
        String owner = "0";
        String group = "0";
        if (posix != null) {
            basic = posix;
            mode = permissionBits(posix.permissions());
            owner = posix.owner().getName();
            group = posix.group().getName();
        } else {
            mode = basic.isDirectory() ? 0755 : 0644;
        }
        mode |= type(basic);
        FileAttributes attributes = new FileAttributes(basic.size(), null, null, mode, seconds(basic.lastAccessTime()),
                seconds(basic.lastModifiedTime()), Map.of());
        return new FileStatus(attributes, 1, owner, group);
    }

    static FileStatus read(ConfinedPaths.Located located) throws IOException {
        return read(located.directory(), located.name(), located.path());
    }

    private static FileStatus fromUnix(Map<String, Object> unix) {
        int mode = (Integer) unix.get("mode");
        if ((mode & S_IFMT) == 0) {
            // Some file systems (jimfs) give permission bits only: add the type as stat(2) would.
            mode |= Boolean.TRUE.equals(unix.get("isDirectory")) ? S_IFDIR
                    : Boolean.TRUE.equals(unix.get("isSymbolicLink")) ? S_IFLNK
                    : Boolean.TRUE.equals(unix.get("isRegularFile")) ? S_IFREG : 0;
        }
        FileAttributes attributes = new FileAttributes((Long) unix.get("size"), (Integer) unix.get("uid"),
                (Integer) unix.get("gid"), mode, seconds((FileTime) unix.get("lastAccessTime")),
                seconds((FileTime) unix.get("lastModifiedTime")), Map.of());
        return new FileStatus(attributes, (Integer) unix.get("nlink"), ((UserPrincipal) unix.get("owner")).getName(),
                ((GroupPrincipal) unix.get("group")).getName());
    }

    static int type(BasicFileAttributes basic) {
        if (basic.isDirectory()) {
            return S_IFDIR;
        }
        if (basic.isSymbolicLink()) {
            return S_IFLNK;
        }
        if (basic.isRegularFile()) {
            return S_IFREG;
        }
        return 0;
    }

    private static <V extends java.nio.file.attribute.FileAttributeView> V view(SecureDirectoryStream<Path> directory,
            Path name, Class<V> type) {
        if (name == null || name.toString().equals(".")) {
            return directory.getFileAttributeView(type);
        }
        return directory.getFileAttributeView(name, type, NOFOLLOW);
    }

    /**
     * Applies what {@code attributes} carries to {@code located}, in the order OpenSSH's sftp-server does:
     * size, mode, times, owner. Only regular files and directories are changed. Size, mode and times go
     * through the directory handle's views (the file is opened relative to it, never following a link);
     * special mode bits (when {@code setIdBits}) and the numeric owner have no such view and are set by
     * path under the namespace lock, once the path is checked to name the same file.
     */
    static void write(ConfinedPaths paths, ConfinedPaths.Located located, FileAttributes attributes, boolean setIdBits)
            throws IOException {
        BasicFileAttributes current = located.attributes();
        if (!current.isRegularFile() && !current.isDirectory()) {
            throw new java.nio.file.AccessDeniedException(located.clientPath(), null, "not a regular file or directory");
        }
        if (attributes.size() != null) {
            try (SeekableByteChannel channel = located.directory().newByteChannel(located.relative(),
                    Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                truncate(channel, attributes.size());
            }
        }
        writeThroughHandle(paths, located.directory(), located.name(), current.fileKey(), located.path(), attributes, setIdBits);
    }

    /** Mode, times and owner of {@code name} in {@code directory}, which must still be the file {@code key}. */
    static void writeThroughHandle(ConfinedPaths paths, SecureDirectoryStream<Path> directory, String name, Object key,
            Path path, FileAttributes attributes, boolean setIdBits) throws IOException {
        writeThroughHandle(paths, directory, path.getFileSystem().getPath(name), key, path, attributes, setIdBits);
    }

    private static void writeThroughHandle(ConfinedPaths paths, SecureDirectoryStream<Path> directory, Path name,
            Object key, Path path, FileAttributes attributes, boolean setIdBits) throws IOException {
        BasicFileAttributeView basic = view(directory, name, BasicFileAttributeView.class);
        if (key == null || !key.equals(basic.readAttributes().fileKey())) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "the file is no longer where it was opened");
        }
        Integer mode = attributes.permissions();
        boolean special = setIdBits && mode != null && (mode & 07000) != 0;
        if (mode != null && !special) {
            PosixFileAttributeView view = view(directory, name, PosixFileAttributeView.class);
            if (view == null) {
                throw new UnsupportedOperationException("no POSIX permissions on this file system");
            }
            view.setPermissions(permissions(mode & 0777));
        }
        if (attributes.mtime() != null) {
            basic.setTimes(FileTime.fromMillis(attributes.mtime() * 1000), FileTime.fromMillis(attributes.atime() * 1000), null);
        }
        if (special || attributes.uid() != null) {
            paths.namespaceLock().lock();
            try {
                Object named = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW).fileKey();
                if (!key.equals(named) || !key.equals(basic.readAttributes().fileKey())) {
                    throw new java.nio.file.AccessDeniedException(path.toString(), null, "file moved during the request");
                }
                if (special) {
                    Files.setAttribute(path, "unix:mode", mode & 07777, NOFOLLOW);
                }
                if (attributes.uid() != null) {
                    Files.setAttribute(path, "unix:uid", attributes.uid(), NOFOLLOW);
                    Files.setAttribute(path, "unix:gid", attributes.gid(), NOFOLLOW);
                }
            } finally {
                paths.namespaceLock().unlock();
            }
        }
    }

    static void truncate(SeekableByteChannel channel, long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            channel.position(size - 1);
            channel.write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            text.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    static int permissionBits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }

    boolean isDirectory() {
        return attributes.permissions() != null && (attributes.permissions() & S_IFMT) == S_IFDIR;
    }

    private static Long seconds(FileTime time) {
        return time == null ? 0L : Math.max(0, Math.min(0xFFFF_FFFFL, time.toMillis() / 1000));
    }
}
