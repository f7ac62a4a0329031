package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sshnetty.sftp.internal.codec.Extensions;
import io.sshnetty.sftp.internal.codec.FileAttributes;
import io.sshnetty.sftp.internal.codec.OpenFlags;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.SftpPacket.NameEntry;
import io.sshnetty.sftp.internal.codec.SftpPacket.Reply;
import io.sshnetty.sftp.internal.codec.SftpPacket.Request;
import io.sshnetty.sftp.internal.codec.StatusCode;
import io.sshnetty.sftp.server.ConfinedPaths.Located;
import io.sshnetty.sftp.server.Handles.DirectoryHandle;
import io.sshnetty.sftp.server.Handles.FileHandle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Serves one request against the file system: each method returns the reply or throws what
 * {@link Errors} maps to a status. Called from several worker threads at once; the handle table is
 * thread-safe and requests on one handle never run at the same time.
 */
final class FileOperations {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** READDIR replies stop growing at this many bytes, whatever the name count. */
    private static final int READDIR_REPLY_LIMIT = 64 * 1024;
    private static final int COPY_BUFFER = 64 * 1024;

    private final SftpSettings settings;
    private final ConfinedPaths paths;
    private final Handles handles;
    private final String user;
    private final String home;
    private final ByteBufAllocator allocator;
    private final boolean posix;
    private final BooleanSupplier cancelled;

    /** @param cancelled true once the session has closed: long requests stop */
    FileOperations(SftpSettings settings, ConfinedPaths paths, String user, Handles handles, ByteBufAllocator allocator,
            BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        this.settings = settings;
        this.paths = paths;
        this.handles = handles;
        this.user = user;
        this.home = settings.homeOf(user);
        this.allocator = allocator;
        this.posix = paths.root().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * The reply to {@code request}; may throw for any failure, which becomes a STATUS. The one dispatch over
     * the requests: a new request is one record in the codec and one case here.
     */
    Reply serve(Request request) throws Exception {
        if (request instanceof SftpPacket.Unknown) {
            throw new Errors.Refused(StatusCode.OP_UNSUPPORTED, "Operation unsupported");
        }
        switch (request.type()) {
            case SftpPacket.OPEN: return open((SftpPacket.Open) request);
            case SftpPacket.CLOSE: return close((SftpPacket.Close) request);
            case SftpPacket.READ: return read((SftpPacket.Read) request);
            case SftpPacket.WRITE: return write((SftpPacket.Write) request);
            case SftpPacket.LSTAT: return attrs(request, stat(((SftpPacket.Lstat) request).path(), false));
            case SftpPacket.FSTAT: return fstat((SftpPacket.Fstat) request);
            case SftpPacket.SETSTAT: {
                SftpPacket.Setstat setstat = (SftpPacket.Setstat) request;
                return setstat(request, setstat.path(), setstat.attributes(), true);
            }
            case SftpPacket.FSETSTAT: return fsetstat((SftpPacket.Fsetstat) request);
            case SftpPacket.OPENDIR: return opendir((SftpPacket.Opendir) request);
            case SftpPacket.READDIR: return readdir((SftpPacket.Readdir) request);
            case SftpPacket.REMOVE: return remove((SftpPacket.Remove) request);
            case SftpPacket.MKDIR: return mkdir((SftpPacket.Mkdir) request);
            case SftpPacket.RMDIR: return rmdir((SftpPacket.Rmdir) request);
            case SftpPacket.REALPATH: return name(request, realpath(clientPath(((SftpPacket.Realpath) request).path())));
            case SftpPacket.STAT: return attrs(request, stat(((SftpPacket.Stat) request).path(), true));
            case SftpPacket.RENAME: {
                SftpPacket.Rename rename = (SftpPacket.Rename) request;
                // v3 RENAME fails when the target exists (OpenSSH links then unlinks); posix-rename replaces.
                rename(rename.oldPath(), rename.newPath(), false);
                return ok(request);
            }
            case SftpPacket.READLINK: return readlink((SftpPacket.Readlink) request);
            case SftpPacket.SYMLINK: {
                SftpPacket.Symlink symlink = (SftpPacket.Symlink) request;
                writable();
                paths.createSymbolicLink(clientPath(symlink.linkPath()), symlink.targetPath());
                return ok(request);
            }
            case SftpPacket.EXTENDED: return extended((SftpPacket.Extended) request);
            default: throw new Errors.Refused(StatusCode.OP_UNSUPPORTED, "Operation unsupported");
        }
    }

    // --- files -------------------------------------------------------------------------------------

    private Reply close(SftpPacket.Close close) throws Exception {
        handles.remove(close.handle()).close();
        return ok(close);
    }

    private Reply remove(SftpPacket.Remove remove) throws Exception {
        writable();
        try (Located at = paths.walk(clientPath(remove.filename()), false)) {
            if (at.isRoot() || at.attributes().isDirectory()) {
                // unlink(2) does not remove directories.
                throw new Errors.Refused(StatusCode.FAILURE, "is a directory");
            }
            at.directory().deleteFile(at.relative());
        }
        return ok(remove);
    }

    private Reply readlink(SftpPacket.Readlink readlink) throws Exception {
        paths.namespaceLock().lock();
        try (Located at = paths.walkForPathCall(clientPath(readlink.path()), false)) {
            if (!at.attributes().isSymbolicLink()) {
                throw new Errors.Refused(StatusCode.FAILURE, "not a symbolic link");
            }
            return name(readlink, paths.clientLinkTarget(Files.readSymbolicLink(at.path())));
        } finally {
            paths.namespaceLock().unlock();
        }
    }

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
        Integer mode = open.attributes().permissions();
        FileAttribute<?>[] attributes = (flags & OpenFlags.CREAT) != 0 ? permissions(mode == null ? 0666 : mode)
                : new FileAttribute<?>[0];
        Located at = paths.walk(clientPath(open.filename()), true);
        FileHandle handle;
        try {
            BasicFileAttributes existing = at.isRoot() ? at.attributes() : at.attributesIfExists();
            if (existing != null && !existing.isRegularFile()) {
                // A FIFO or device would block a worker, or hand out what is not a file.
                throw new Errors.Refused(StatusCode.FAILURE, existing.isDirectory() ? "is a directory" : "not a regular file");
            }
            SeekableByteChannel opened = at.directory().newByteChannel(at.relative(), options, attributes);
            if (!(opened instanceof FileChannel)) {
                opened.close();
                throw new UnsupportedOperationException("no FileChannel on this file system");
            }
            FileChannel channel = (FileChannel) opened;
            BasicFileAttributes file;
            try {
                file = at.attributes();
                if (!file.isRegularFile()) {
                    throw new Errors.Refused(StatusCode.FAILURE, "not a regular file");
                }
            } catch (IOException | Errors.Refused e) {
                channel.close();
                throw e;
            }
            handle = new FileHandle(at.directory(), at.name(), file.fileKey(), at.path(), at.clientPath(), channel, append);
        } catch (IOException | RuntimeException | Errors.Refused e) {
            at.close();
            throw e;
        }
        return handle(open, handle);
    }

    /**
     * Reads into direct memory: the file's bytes go from the kernel straight into the buffer the reply is sent
     * from, where a heap buffer would have the JDK read them into a temporary direct buffer and copy them over.
     */
    private Reply read(SftpPacket.Read read) throws Exception {
        FileChannel channel = handles.get(read.handle(), FileHandle.class).channel();
        int length = (int) Math.min(Integer.toUnsignedLong(read.length()), settings.maxDataLength());
        ByteBuf data = allocator.directBuffer(length, length);
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
        if (data.readableBytes() > settings.maxDataLength()) {
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

    /** The open file's own attributes, read through the directory it was opened in while it is still there. */
    private Reply fstat(SftpPacket.Fstat fstat) throws Exception {
        FileHandle handle = handles.get(fstat.handle(), FileHandle.class);
        long size = handle.channel().size();
        Path name = handle.path().getFileSystem().getPath(handle.name());
        Object key = handle.directory().getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
                .readAttributes().fileKey();
        if (handle.fileKey() == null || !handle.fileKey().equals(key)) {
            // Moved away from where it was opened: its size is all that is known for certain.
            return new SftpPacket.Attrs(fstat.id(), FileAttributes.EMPTY.withSize(size));
        }
        FileStatus status = FileStatus.read(handle.directory(), handle.name(), handle.path());
        return new SftpPacket.Attrs(fstat.id(), status.attributes().withSize(size));
    }

    private Reply fsetstat(SftpPacket.Fsetstat fsetstat) throws Exception {
        writable();
        FileHandle handle = handles.get(fsetstat.handle(), FileHandle.class);
        FileAttributes attributes = fsetstat.attributes();
        if (attributes.size() != null) {
            FileStatus.truncate(handle.channel(), attributes.size());
            attributes = attributes.withSize(null);
        }
        FileStatus.writeThroughHandle(paths, handle.directory(), handle.name(), handle.fileKey(), handle.path(),
                attributes, settings.allowSetIdBits());
        return ok(fsetstat);
    }

    private FileStatus stat(String path, boolean follow) throws IOException {
        try (Located at = paths.walk(clientPath(path), follow)) {
            return FileStatus.read(at);
        }
    }

    private Reply setstat(Request request, String path, FileAttributes attributes, boolean follow) throws Exception {
        writable();
        try (Located at = paths.walk(clientPath(path), follow)) {
            FileStatus.write(paths, at, attributes, settings.allowSetIdBits());
        }
        return ok(request);
    }

    /** RENAME and posix-rename: relative to both directories, under the namespace lock. */
    private void rename(String from, String to, boolean replace) throws Exception {
        writable();
        paths.namespaceLock().lock();
        try (Located source = paths.walk(clientPath(from), false); Located target = paths.walk(clientPath(to), false)) {
            if (source.isRoot() || target.isRoot()) {
                throw new Errors.Refused(StatusCode.PERMISSION_DENIED, "the root cannot be renamed");
            }
            source.attributes();
            if (!replace && target.attributesIfExists() != null) {
                throw new FileAlreadyExistsException(target.clientPath());
            }
            source.directory().move(source.relative(), target.directory(), target.relative());
        } finally {
            paths.namespaceLock().unlock();
        }
    }

    // --- directories -------------------------------------------------------------------------------

    private Reply mkdir(SftpPacket.Mkdir mkdir) throws Exception {
        writable();
        Integer mode = mkdir.attributes().permissions();
        paths.createDirectory(clientPath(mkdir.path()), mode == null ? 0777 : mode & 0777);
        return ok(mkdir);
    }

    private Reply rmdir(SftpPacket.Rmdir rmdir) throws Exception {
        writable();
        try (Located at = paths.walk(clientPath(rmdir.path()), false)) {
            if (at.isRoot()) {
                throw new Errors.Refused(StatusCode.PERMISSION_DENIED, "the root cannot be removed");
            }
            if (!at.attributes().isDirectory()) {
                throw new NotDirectoryException(at.clientPath());
            }
            at.directory().deleteDirectory(at.relative());
        }
        return ok(rmdir);
    }

    private Reply opendir(SftpPacket.Opendir opendir) throws Exception {
        SecureDirectoryStream<Path> stream;
        Path path;
        String clientPath;
        try (Located at = paths.walk(clientPath(opendir.path()), true)) {
            if (!at.attributes().isDirectory()) {
                throw new NotDirectoryException(at.clientPath());
            }
            stream = at.directory().newDirectoryStream(at.relative(), NOFOLLOW);
            path = at.path();
            clientPath = at.clientPath();
        }
        return handle(opendir, new DirectoryHandle(stream, path, clientPath));
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
                String next = directory.next();
                if (next == null) {
                    break;
                }
                FileStatus status;
                try {
                    status = named(directory.status(next));
                } catch (IOException vanished) {
                    continue;
                }
                entry = new NameEntry(next, LongNames.format(next, status, now, zone), status.attributes());
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
                rename(rename.oldPath(), rename.newPath(), true);
                return ok(request);
            }
            case Extensions.HARDLINK: {
                Extensions.TwoPaths link = Extensions.TwoPaths.decode(in);
                writable();
                hardlink(link.oldPath(), link.newPath());
                return ok(request);
            }
            case Extensions.STATVFS: {
                String path = Extensions.OnePath.decode(in).path();
                paths.namespaceLock().lock();
                try (Located at = paths.walkForPathCall(clientPath(path), true)) {
                    at.attributes();
                    return statvfs(request, Files.getFileStore(at.path()));
                } finally {
                    paths.namespaceLock().unlock();
                }
            }
            case Extensions.FSTATVFS:
                return statvfs(request, handleStore(handles.get(Extensions.OneHandle.decode(in).handle(), FileHandle.class)));
            case Extensions.FSYNC:
                handles.get(Extensions.OneHandle.decode(in).handle(), FileHandle.class).channel().force(true);
                return ok(request);
            case Extensions.LSETSTAT: {
                Extensions.PathAndAttributes setstat = Extensions.PathAndAttributes.decode(in);
                return setstat(request, setstat.path(), setstat.attributes(), false);
            }
            case Extensions.LIMITS: {
                long maxData = settings.maxDataLength();
                return reply(request, out -> new Extensions.Limits(settings.maxPacketLength(), maxData, maxData,
                        settings.maxOpenHandles()).encode(out));
            }
            case Extensions.EXPAND_PATH:
                return name(request, realpath(expandHome(Extensions.OnePath.decode(in).path())));
            case Extensions.HOME_DIRECTORY: {
                String name = Extensions.OnePath.decode(in).path();
                String userHome = settings.home().apply(name.isEmpty() ? user : name);
                if (userHome == null) {
                    throw new Errors.Refused(StatusCode.NO_SUCH_FILE, "No such user");
                }
                return name(request, realpath(ConfinedPaths.normalize("/", userHome)));
            }
            case Extensions.USERS_GROUPS_BY_ID: {
                Extensions.Ids ids = Extensions.Ids.decode(in);
                List<String> userNames = new ArrayList<>();
                ids.uids().forEach(uid -> userNames.add(nameOrEmpty(settings.idNames().user(uid))));
                List<String> groupNames = new ArrayList<>();
                ids.gids().forEach(gid -> groupNames.add(nameOrEmpty(settings.idNames().group(gid))));
                return reply(request, out -> new Extensions.Names(userNames, groupNames).encode(out));
            }
            case Extensions.COPY_DATA:
                return copyData(request, Extensions.CopyData.decode(in));
            case Extensions.SPACE_AVAILABLE: {
                String path = Extensions.OnePath.decode(in).path();
                paths.namespaceLock().lock();
                try (Located at = paths.walkForPathCall(clientPath(path), true)) {
                    at.attributes();
                    FileStore store = Files.getFileStore(at.path());
                    Extensions.SpaceAvailable space = new Extensions.SpaceAvailable(store.getTotalSpace(),
                            store.getUnallocatedSpace(), store.getTotalSpace(), store.getUsableSpace(),
                            (int) Math.min(Integer.MAX_VALUE, blockSize(store)));
                    return reply(request, space::encode);
                } finally {
                    paths.namespaceLock().unlock();
                }
            }
            default:
                throw new Errors.Refused(StatusCode.OP_UNSUPPORTED, "Operation unsupported");
        }
    }

    /** The owner and group as the application's {@link IdNames} show them: names it gives, numbers otherwise. */
    private FileStatus named(FileStatus status) {
        Integer uid = status.attributes().uid();
        Integer gid = status.attributes().gid();
        if (uid == null || gid == null) {
            return status;
        }
        String owner = settings.idNames().user(uid);
        String group = settings.idNames().group(gid);
        return new FileStatus(status.attributes(), status.links(), owner == null || owner.isEmpty() ? uid.toString() : owner,
                group == null || group.isEmpty() ? gid.toString() : group);
    }

    private static String nameOrEmpty(String name) {
        return name == null ? "" : name;
    }

    /** hardlink@openssh.com: of a regular file only. */
    private void hardlink(String existing, String link) throws Exception {
        paths.createLink(clientPath(existing), clientPath(link));
    }

    /** The store of an open file, by its path while that still names it; the root's otherwise. */
    private FileStore handleStore(FileHandle handle) throws IOException {
        paths.namespaceLock().lock();
        try {
            Object named = Files.readAttributes(handle.path(), BasicFileAttributes.class, NOFOLLOW).fileKey();
            if (handle.fileKey() != null && handle.fileKey().equals(named)) {
                return Files.getFileStore(handle.path());
            }
        } catch (IOException moved) {
            // fall back to the root's store
        } finally {
            paths.namespaceLock().unlock();
        }
        return Files.getFileStore(paths.root());
    }

    /** The store's block size; 4096 where the file system does not say. */
    private static long blockSize(FileStore store) {
        try {
            return Math.max(1, store.getBlockSize());
        } catch (UnsupportedOperationException | IOException unknown) {
            return 4096;
        }
    }

    private Reply statvfs(Request request, FileStore store) throws IOException {
        long size = blockSize(store);
        long flags = Extensions.Statvfs.ST_NOSUID | (settings.readOnly() || store.isReadOnly() ? Extensions.Statvfs.ST_RDONLY : 0);
        Extensions.Statvfs statvfs = new Extensions.Statvfs(size, size, store.getTotalSpace() / size,
                store.getUnallocatedSpace() / size, store.getUsableSpace() / size, 0, 0, 0, 0, flags, 255);
        return reply(request, statvfs::encode);
    }

    /**
     * copy-data: never from a file onto itself (the file keys are compared, as OpenSSH's sftp-server
     * compares inodes), at most up to the source's size when the request starts, and stopped when the
     * session closes.
     */
    private Reply copyData(Request request, Extensions.CopyData copy) throws Exception {
        writable();
        FileHandle source = handles.get(copy.readHandle(), FileHandle.class);
        FileHandle target = handles.get(copy.writeHandle(), FileHandle.class);
        if (source == target || source.fileKey() == null || source.fileKey().equals(target.fileKey())) {
            throw new Errors.Refused(StatusCode.FAILURE, "copy-data onto the same file");
        }
        long end = source.channel().size();
        if (copy.length() != 0) {
            end = Math.min(end, copy.readOffset() + Math.min(copy.length(), Long.MAX_VALUE - copy.readOffset()));
        }
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        long readAt = copy.readOffset();
        long writeAt = copy.writeOffset();
        while (readAt < end) {
            if (cancelled.getAsBoolean()) {
                throw new Errors.Refused(StatusCode.FAILURE, "session closed");
            }
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - readAt));
            int n = source.channel().read(buffer, readAt);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                writeAt += target.append() ? target.channel().write(buffer) : target.channel().write(buffer, writeAt);
            }
            readAt += n;
        }
        return ok(request);
    }

    // --- paths -------------------------------------------------------------------------------------

    private String clientPath(String path) {
        return ConfinedPaths.normalize(home, path);
    }

    /** "~" and "~/x" from this user's home, "~name/x" from name's (expand-path@openssh.com). */
    private String expandHome(String path) {
        if (!path.startsWith("~")) {
            return clientPath(path);
        }
        int slash = path.indexOf('/');
        String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        String base = name.isEmpty() || name.equals(user) ? home : settings.home().apply(name);
        return ConfinedPaths.normalize(base == null ? home : ConfinedPaths.normalize("/", base), rest);
    }

    /** REALPATH (draft-02 §6.11): links resolved, within the root; a missing last component is kept. */
    private String realpath(String clientPath) throws IOException {
        try (Located at = paths.walk(clientPath, true)) {
            return at.clientPath();
        }
    }

    // --- replies -----------------------------------------------------------------------------------

    private void writable() throws Errors.Refused {
        if (settings.readOnly()) {
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
