package io.sshnetty.sftp.server;

import io.sshnetty.sftp.codec.FileAttributes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    static FileStatus read(Path path, LinkOption... options) throws IOException {
        try {
            Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,nlink,size,lastAccessTime,"
                    + "lastModifiedTime,owner,group,isDirectory,isSymbolicLink,isRegularFile", options);
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
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // the file system has no "unix" view: fall back below
        }
        BasicFileAttributes basic;
        int mode;
        String owner = "0";
        String group = "0";
        try {
            PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class, options);
            basic = posix;
            mode = permissionBits(posix.permissions());
            owner = posix.owner().getName();
            group = posix.group().getName();
        } catch (UnsupportedOperationException noPosixView) {
            basic = Files.readAttributes(path, BasicFileAttributes.class, options);
            mode = basic.isDirectory() ? 0755 : 0644;
        }
        mode |= basic.isDirectory() ? S_IFDIR : basic.isSymbolicLink() ? S_IFLNK : basic.isRegularFile() ? S_IFREG : 0;
        FileAttributes attributes = new FileAttributes(basic.size(), null, null, mode, seconds(basic.lastAccessTime()),
                seconds(basic.lastModifiedTime()), Map.of());
        return new FileStatus(attributes, 1, owner, group);
    }

    /** Applies what {@code attributes} carries, in the order OpenSSH's sftp-server does: size, mode, times, owner. */
    static void write(Path path, FileAttributes attributes, LinkOption... options) throws IOException {
        if (attributes.size() != null) {
            truncate(path, attributes.size());
        }
        if (attributes.permissions() != null) {
            int mode = attributes.permissions() & 07777;
            try {
                Files.setAttribute(path, "unix:mode", mode, options);
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, options);
                if (view == null) {
                    throw new UnsupportedOperationException("no POSIX permissions on this file system");
                }
                view.setPermissions(permissions(mode));
            }
        }
        if (attributes.mtime() != null) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, options)
                    .setTimes(FileTime.fromMillis(attributes.mtime() * 1000), FileTime.fromMillis(attributes.atime() * 1000), null);
        }
        if (attributes.uid() != null) {
            Files.setAttribute(path, "unix:uid", attributes.uid(), options);
            Files.setAttribute(path, "unix:gid", attributes.gid(), options);
        }
    }

    /** Sets a file's size: cut, or extended with zeros (SFTP's size attribute means ftruncate(2)). */
    static void truncate(Path path, long size) throws IOException {
        try (var channel = Files.newByteChannel(path, java.util.Set.of(java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
            truncate(channel, size);
        }
    }

    static void truncate(java.nio.channels.SeekableByteChannel channel, long size) throws IOException {
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
