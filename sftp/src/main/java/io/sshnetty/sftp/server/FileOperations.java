package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sshnetty.sftp.codec.Extensions;
import io.sshnetty.sftp.codec.FileAttributes;
import io.sshnetty.sftp.codec.OpenFlags;
import io.sshnetty.sftp.codec.SftpPacket;
import io.sshnetty.sftp.codec.SftpPacket.NameEntry;
import io.sshnetty.sftp.codec.SftpPacket.Reply;
import io.sshnetty.sftp.codec.SftpPacket.Request;
import io.sshnetty.sftp.codec.StatusCode;
import io.sshnetty.sftp.server.Handles.DirectoryHandle;
import io.sshnetty.sftp.server.Handles.FileHandle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves one request against the file system: each method returns the reply or throws what
 * {@link Errors} maps to a status. Called from several worker threads at once; the handle table is
 * thread-safe and requests on one handle never run at the same time.
 */
final class FileOperations {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};
    /** READDIR replies stop growing at this many bytes, whatever the name count. */
    private static final int READDIR_REPLY_LIMIT = 64 * 1024;
    private static final int COPY_BUFFER = 64 * 1024;

    private final SftpSubsystem config;
    private final ConfinedPaths paths;
    private final Handles handles;
    private final String user;
    private final String home;
    private final ByteBufAllocator allocator;
    private final UserNames userNames = new UserNames();
    private final boolean posix;

    FileOperations(SftpSubsystem config, String user, Handles handles, ByteBufAllocator allocator) {
        this.config = config;
        this.paths = config.paths;
        this.handles = handles;
        this.user = user;
        String userHome = config.home.apply(user);
        this.home = ConfinedPaths.normalize("/", userHome == null ? "/" : userHome);
        this.allocator = allocator;
        this.posix = paths.root().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The reply to {@code request}; may throw for any failure, which becomes a STATUS. */
    Reply serve(Request request) throws Exception {
        if (request instanceof SftpPacket.Read) {
            return read((SftpPacket.Read) request);
        } else if (request instanceof SftpPacket.Write) {
            return write((SftpPacket.Write) request);
        } else if (request instanceof SftpPacket.Open) {
            return open((SftpPacket.Open) request);
        } else if (request instanceof SftpPacket.Close) {
            handles.remove(((SftpPacket.Close) request).handle()).close();
            return ok(request);
        } else if (request instanceof SftpPacket.Lstat) {
            return attrs(request, FileStatus.read(nofollow(((SftpPacket.Lstat) request).path()), NOFOLLOW));
        } else if (request instanceof SftpPacket.Stat) {
            return attrs(request, FileStatus.read(follow(((SftpPacket.Stat) request).path()), NOFOLLOW));
        } else if (request instanceof SftpPacket.Fstat) {
            return fstat((SftpPacket.Fstat) request);
        } else if (request instanceof SftpPacket.Setstat) {
            SftpPacket.Setstat setstat = (SftpPacket.Setstat) request;
            writable();
            FileStatus.write(follow(setstat.path()), setstat.attributes(), NOFOLLOW);
            return ok(request);
        } else if (request instanceof SftpPacket.Fsetstat) {
            return fsetstat((SftpPacket.Fsetstat) request);
        } else if (request instanceof SftpPacket.Opendir) {
            return opendir((SftpPacket.Opendir) request);
        } else if (request instanceof SftpPacket.Readdir) {
            return readdir((SftpPacket.Readdir) request);
        } else if (request instanceof SftpPacket.Remove) {
            writable();
            Path path = nofollow(((SftpPacket.Remove) request).filename());
            if (Files.isDirectory(path, NOFOLLOW)) {
                // unlink(2) does not remove directories; Files.delete would.
                throw new Errors.Refused(StatusCode.FAILURE, "is a directory");
            }
            Files.delete(path);
            return ok(request);
        } else if (request instanceof SftpPacket.Mkdir) {
            SftpPacket.Mkdir mkdir = (SftpPacket.Mkdir) request;
            writable();
            Integer mode = mkdir.attributes().permissions();
            Files.createDirectory(nofollow(mkdir.path()), permissions(mode == null ? 0777 : mode));
            return ok(request);
        } else if (request instanceof SftpPacket.Rmdir) {
            writable();
            Path path = nofollow(((SftpPacket.Rmdir) request).path());
            if (!Files.isDirectory(path, NOFOLLOW)) {
                throw new NotDirectoryException(path.toString());
            }
            Files.delete(path);
            return ok(request);
        } else if (request instanceof SftpPacket.Realpath) {
            return name(request, realpath(clientPath(((SftpPacket.Realpath) request).path())));
        } else if (request instanceof SftpPacket.Rename) {
            SftpPacket.Rename rename = (SftpPacket.Rename) request;
            writable();
            // v3 RENAME fails when the target exists (OpenSSH links then unlinks); posix-rename replaces.
            Files.move(nofollow(rename.oldPath()), nofollow(rename.newPath()));
            return ok(request);
        } else if (request instanceof SftpPacket.Readlink) {
            Path target = Files.readSymbolicLink(nofollow(((SftpPacket.Readlink) request).path()));
            return name(request, paths.clientLinkTarget(target));
        } else if (request instanceof SftpPacket.Symlink) {
            SftpPacket.Symlink symlink = (SftpPacket.Symlink) request;
            writable();
            String linkClientPath = clientPath(symlink.linkPath());
            Path link = paths.notFollowing(linkClientPath);
            Files.createSymbolicLink(link, link.getFileSystem().getPath(paths.linkTarget(linkClientPath, symlink.targetPath())));
            return ok(request);
        } else if (request instanceof SftpPacket.Extended) {
            return extended((SftpPacket.Extended) request);
        }
        throw new Errors.Refused(StatusCode.OP_UNSUPPORTED, "Operation unsupported");
    }

    // --- files -------------------------------------------------------------------------------------

    private Reply open(SftpPacket.Open open) throws Exception {
        int flags = open.pflags();
        boolean writes = (flags & (OpenFlags.WRITE | OpenFlags.APPEND | OpenFlags.CREAT | OpenFlags.TRUNC)) != 0;
        if (writes) {
            writable();
        }
        Set<OpenOption> options = new HashSet<>();
        options.add(LinkOption.NOFOLLOW_LINKS);
        if ((flags & OpenFlags.READ) != 0 || !writes) {
            options.add(StandardOpenOption.READ);
        }
        if ((flags & (OpenFlags.WRITE | OpenFlags.APPEND)) != 0) {
            options.add(StandardOpenOption.WRITE);
        }
        boolean append = (flags & OpenFlags.APPEND) != 0;
        if (append) {
            options.add(StandardOpenOption.APPEND);
        }
        if ((flags & OpenFlags.CREAT) != 0) {
            options.add((flags & OpenFlags.EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((flags & OpenFlags.TRUNC) != 0) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        String clientPath = clientPath(open.filename());
        Path path = paths.following(clientPath);
        Integer mode = open.attributes().permissions();
        FileChannel channel = (flags & OpenFlags.CREAT) != 0
                ? paths.openFile(path, options, permissions(mode == null ? 0666 : mode))
                : paths.openFile(path, options);
        return handle(open, new FileHandle(path, clientPath, channel, append));
    }

    private Reply read(SftpPacket.Read read) throws Exception {
        FileChannel channel = handles.get(read.handle(), FileHandle.class).channel();
        int length = (int) Math.min(Integer.toUnsignedLong(read.length()), config.maxDataLength());
        ByteBuf data = allocator.heapBuffer(length, length);
        try {
            long position = read.offset();
            while (data.isWritable()) {
                int n = data.writeBytes(channel, position + data.readableBytes(), data.writableBytes());
                if (n <= 0) {
                    break;
                }
            }
            if (!data.isReadable() && length > 0) {
                data.release();
                return new SftpPacket.Status(read.id(), StatusCode.EOF, StatusCode.message(StatusCode.EOF), "");
            }
            return new SftpPacket.Data(read.id(), data);
        } catch (Exception | Error e) {
            data.release();
            throw e;
        }
    }

    private Reply write(SftpPacket.Write write) throws Exception {
        FileHandle handle = handles.get(write.handle(), FileHandle.class);
        ByteBuf data = write.data();
        if (data.readableBytes() > config.maxDataLength()) {
            throw new Errors.Refused(StatusCode.FAILURE, "write of " + data.readableBytes() + " bytes over the limit");
        }
        ByteBuffer buffer = data.nioBuffer();
        long position = write.offset();
        while (buffer.hasRemaining()) {
            if (handle.append()) {
                handle.channel().write(buffer);
            } else {
                position += handle.channel().write(buffer, position);
            }
        }
        return ok(write);
    }

    private Reply fstat(SftpPacket.Fstat fstat) throws Exception {
        FileHandle handle = handles.get(fstat.handle(), FileHandle.class);
        FileStatus status = FileStatus.read(handle.path(), NOFOLLOW);
        return new SftpPacket.Attrs(fstat.id(), status.attributes().withSize(handle.channel().size()));
    }

    private Reply fsetstat(SftpPacket.Fsetstat fsetstat) throws Exception {
        writable();
        FileHandle handle = handles.get(fsetstat.handle(), FileHandle.class);
        FileAttributes attributes = fsetstat.attributes();
        if (attributes.size() != null) {
            FileStatus.truncate(handle.channel(), attributes.size());
            attributes = attributes.withSize(null);
        }
        FileStatus.write(handle.path(), attributes, NOFOLLOW);
        return ok(fsetstat);
    }

    // --- directories -------------------------------------------------------------------------------

    private Reply opendir(SftpPacket.Opendir opendir) throws Exception {
        String clientPath = clientPath(opendir.path());
        Path path = paths.following(clientPath);
        if (!Files.isDirectory(path, NOFOLLOW)) {
            throw new NotDirectoryException(clientPath);
        }
        Path parent = path.equals(paths.root()) || path.getParent() == null ? path : path.getParent();
        DirectoryStream<Path> stream = paths.openDirectory(path);
        return handle(opendir, new DirectoryHandle(path, clientPath, parent, stream));
    }

    private Reply readdir(SftpPacket.Readdir readdir) throws Exception {
        DirectoryHandle directory = handles.get(readdir.handle(), DirectoryHandle.class);
        List<NameEntry> entries = new ArrayList<>();
        int bytes = 0;
        long now = System.currentTimeMillis() / 1000;
        ZoneId zone = ZoneId.systemDefault();
        while (entries.size() < SftpSubsystem.NAMES_PER_READDIR) {
            NameEntry entry = directory.pending;
            directory.pending = null;
            if (entry == null) {
                Map.Entry<String, Path> next = directory.next();
                if (next == null) {
                    break;
                }
                FileStatus status;
                try {
                    status = FileStatus.read(next.getValue(), NOFOLLOW);
                } catch (IOException vanished) {
                    continue;
                }
                entry = new NameEntry(next.getKey(), LongNames.format(next.getKey(), status, now, zone), status.attributes());
            }
            int size = 4 * 8 + 2 * entry.filename().length() + 2 * entry.longname().length();
            if (!entries.isEmpty() && bytes + size > READDIR_REPLY_LIMIT) {
                directory.pending = entry;
                break;
            }
            bytes += size;
            entries.add(entry);
        }
        if (entries.isEmpty()) {
            return new SftpPacket.Status(readdir.id(), StatusCode.EOF, StatusCode.message(StatusCode.EOF), "");
        }
        return new SftpPacket.Name(readdir.id(), entries);
    }

    // --- extensions (OpenSSH's PROTOCOL file) ------------------------------------------------------

    private Reply extended(SftpPacket.Extended request) throws Exception {
        ByteBuf in = request.data();
        switch (request.request()) {
            case Extensions.POSIX_RENAME: {
                Extensions.TwoPaths rename = Extensions.TwoPaths.decode(in);
                writable();
                Files.move(nofollow(rename.oldPath()), nofollow(rename.newPath()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                return ok(request);
            }
            case Extensions.HARDLINK: {
                Extensions.TwoPaths link = Extensions.TwoPaths.decode(in);
                writable();
                Files.createLink(nofollow(link.newPath()), nofollow(link.oldPath()));
                return ok(request);
            }
            case Extensions.STATVFS:
                return statvfs(request, follow(Extensions.OnePath.decode(in).path()));
            case Extensions.FSTATVFS:
                return statvfs(request, handlePath(Extensions.OneHandle.decode(in).handle()));
            case Extensions.FSYNC:
                handles.get(Extensions.OneHandle.decode(in).handle(), FileHandle.class).channel().force(true);
                return ok(request);
            case Extensions.LSETSTAT: {
                Extensions.PathAndAttributes setstat = Extensions.PathAndAttributes.decode(in);
                writable();
                FileStatus.write(nofollow(setstat.path()), setstat.attributes(), NOFOLLOW);
                return ok(request);
            }
            case Extensions.LIMITS: {
                long maxData = config.maxDataLength();
                return reply(request, out -> new Extensions.Limits(config.maxPacketLength, maxData, maxData,
                        config.maxOpenHandles).encode(out));
            }
            case Extensions.EXPAND_PATH:
                return name(request, realpath(expandHome(Extensions.OnePath.decode(in).path())));
            case Extensions.HOME_DIRECTORY: {
                String name = Extensions.OnePath.decode(in).path();
                String userHome = config.home.apply(name.isEmpty() ? user : name);
                if (userHome == null) {
                    throw new Errors.Refused(StatusCode.NO_SUCH_FILE, "No such user");
                }
                return name(request, realpath(ConfinedPaths.normalize("/", userHome)));
            }
            case Extensions.USERS_GROUPS_BY_ID: {
                Extensions.Ids ids = Extensions.Ids.decode(in);
                List<String> userNames = new ArrayList<>();
                ids.uids().forEach(uid -> userNames.add(this.userNames.user(uid)));
                List<String> groupNames = new ArrayList<>();
                ids.gids().forEach(gid -> groupNames.add(this.userNames.group(gid)));
                return reply(request, out -> new Extensions.Names(userNames, groupNames).encode(out));
            }
            case Extensions.COPY_DATA:
                return copyData(request, Extensions.CopyData.decode(in));
            default:
                throw new Errors.Refused(StatusCode.OP_UNSUPPORTED, "Operation unsupported");
        }
    }

    private Reply statvfs(Request request, Path path) throws IOException {
        FileStore store = Files.getFileStore(path);
        long blockSize;
        try {
            blockSize = Math.max(1, store.getBlockSize());
        } catch (UnsupportedOperationException | IOException unknown) {
            blockSize = 4096;
        }
        long size = blockSize;
        long flags = Extensions.Statvfs.ST_NOSUID | (config.readOnly || store.isReadOnly() ? Extensions.Statvfs.ST_RDONLY : 0);
        Extensions.Statvfs statvfs = new Extensions.Statvfs(size, size, store.getTotalSpace() / size,
                store.getUnallocatedSpace() / size, store.getUsableSpace() / size, 0, 0, 0, 0, flags, 255);
        return reply(request, statvfs::encode);
    }

    private Reply copyData(Request request, Extensions.CopyData copy) throws Exception {
        writable();
        FileChannel source = handles.get(copy.readHandle(), FileHandle.class).channel();
        FileHandle target = handles.get(copy.writeHandle(), FileHandle.class);
        if (copy.readHandle().equals(copy.writeHandle())
                && copy.writeOffset() < (copy.length() == 0 ? Long.MAX_VALUE : copy.readOffset() + copy.length())
                && copy.readOffset() < copy.writeOffset() + Math.max(1, copy.length())) {
            throw new Errors.Refused(StatusCode.FAILURE, "overlapping copy within one file");
        }
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        long left = copy.length() == 0 ? Long.MAX_VALUE : copy.length();
        long readAt = copy.readOffset();
        long writeAt = copy.writeOffset();
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = source.read(buffer, readAt);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                writeAt += target.append() ? target.channel().write(buffer) : target.channel().write(buffer, writeAt);
            }
            readAt += n;
            left -= n;
        }
        return ok(request);
    }

    // --- paths -------------------------------------------------------------------------------------

    private String clientPath(String path) {
        return ConfinedPaths.normalize(home, path);
    }

    private Path follow(String path) throws IOException {
        return paths.following(clientPath(path));
    }

    private Path nofollow(String path) throws IOException {
        return paths.notFollowing(clientPath(path));
    }

    private Path handlePath(String handle) throws Errors.Refused {
        return handles.get(handle, FileHandle.class).path();
    }

    /** "~" and "~/x" from this user's home, "~name/x" from name's (expand-path@openssh.com). */
    private String expandHome(String path) {
        if (!path.startsWith("~")) {
            return clientPath(path);
        }
        int slash = path.indexOf('/');
        String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        String base = name.isEmpty() || name.equals(user) ? home : config.home.apply(name);
        return ConfinedPaths.normalize(base == null ? home : ConfinedPaths.normalize("/", base), rest);
    }

    /** REALPATH (draft-02 §6.11): links resolved, within the root; a missing last component is kept. */
    private String realpath(String clientPath) throws IOException {
        return paths.toClient(paths.following(clientPath));
    }

    // --- replies -----------------------------------------------------------------------------------

    private void writable() throws Errors.Refused {
        if (config.readOnly) {
            throw new Errors.Refused(StatusCode.PERMISSION_DENIED, "read-only");
        }
    }

    private FileAttribute<?>[] permissions(int mode) {
        if (!posix) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FileStatus.permissions(mode & 0777))};
    }

    private Reply handle(Request request, Closeable handle) throws IOException, Errors.Refused {
        try {
            return new SftpPacket.Handle(request.id(), handles.add(handle));
        } catch (Errors.Refused e) {
            handle.close();
            throw e;
        }
    }

    private static Reply ok(Request request) {
        return new SftpPacket.Status(request.id(), StatusCode.OK, StatusCode.message(StatusCode.OK), "");
    }

    private static Reply attrs(Request request, FileStatus status) {
        return new SftpPacket.Attrs(request.id(), status.attributes());
    }

    /** A NAME of one entry, as REALPATH and its kin answer: the path as both names, no attributes. */
    private static Reply name(Request request, String path) {
        return new SftpPacket.Name(request.id(), List.of(new NameEntry(path, path, FileAttributes.EMPTY)));
    }

    private Reply reply(Request request, java.util.function.Consumer<ByteBuf> body) {
        ByteBuf data = allocator.heapBuffer(128);
        body.accept(data);
        return new SftpPacket.ExtendedReply(request.id(), data);
    }
}
