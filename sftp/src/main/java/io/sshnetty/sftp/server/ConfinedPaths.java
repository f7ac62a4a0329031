package io.sshnetty.sftp.server;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Maps the paths a client names onto one directory of a {@link FileSystem}, the root, so that no path
 * leads out of it, whatever the client or anyone else does to the names inside the root meanwhile.
 *
 * <p>A client sees absolute paths starting at "/" (the root); relative ones are taken from its home. A
 * path is first normalised by text ("." and ".." removed, ".." stopping at "/"). It is then walked from
 * the root one component at a time through {@link SecureDirectoryStream}s, each directory opened relative
 * to the one before with {@code NOFOLLOW_LINKS} (the {@code openat(2)} way), so the kernel never follows a
 * link for us. Symbolic links met on the way are read and followed here, as a path under the root: a link
 * whose target lies outside it is refused with {@link AccessDeniedException}. The walk ends at a
 * {@link Located}: the open directory that holds the target and the target's name in it; every operation
 * then acts relative to that directory handle.
 *
 * <p>Java has no directory-relative form of mkdir, symlink, link, readlink or statvfs. On Linux's default
 * file system the first three use {@link NativeAt} (mkdirat, symlinkat, linkat on a directory opened from
 * the root without following links). The rest, and all of them elsewhere, use the target's path, under
 * the {@link #namespaceLock() namespace lock} that every rename and every such call of every session on
 * the same file system holds, after walking to it again under the lock: no client can then rename a
 * directory between the walk and the call.
 */
final class ConfinedPaths {
    /** Links followed in one walk before it is refused as a loop (Linux's MAXSYMLINKS). */
    static final int MAX_LINKS = 40;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Map<FileSystem, ReentrantLock> NAMESPACE_LOCKS = new WeakHashMap<>();

    private final Path root;
    private final ReentrantLock namespaceLock;
    /** Whether mkdir, symlink and link go through {@link NativeAt} rather than the namespace lock. */
    private final boolean nativeAt;

    /**
     * @param root the directory clients see as "/"; it must exist and its file system must offer
     *             {@link SecureDirectoryStream}
     * @throws IllegalArgumentException when the file system cannot walk without following links
     */
    ConfinedPaths(Path root) throws IOException {
        this.root = root.toRealPath();
        try (DirectoryStream<Path> probe = Files.newDirectoryStream(this.root)) {
            if (!(probe instanceof SecureDirectoryStream)) {
                throw new IllegalArgumentException("the file system of " + root + " offers no SecureDirectoryStream, "
                        + "so SFTP cannot be confined there");
            }
        }
        this.nativeAt = nativeAtAvailable(this.root);
        synchronized (NAMESPACE_LOCKS) {
            this.namespaceLock = NAMESPACE_LOCKS.computeIfAbsent(this.root.getFileSystem(), fs -> new ReentrantLock());
        }
    }

    Path root() {
        return root;
    }

    private static boolean nativeAtAvailable(Path root) {
        try {
            return NativeAt.available(root);
        } catch (LinkageError noJna) {
            return false;
        }
    }

    /**
     * mkdir: with mkdirat(2) relative to a directory opened from the root without following links where
     * {@link NativeAt} is available; elsewhere by path under the namespace lock.
     */
    void createDirectory(String clientPath, int mode) throws IOException {
        if (nativeAt) {
            try (Located at = walk(clientPath, false)) {
                NativeAt.mkdir(root, parent(at.clientPath()), at.name(), mode);
            }
            return;
        }
        namespaceLock.lock();
        try (Located at = walkForPathCall(clientPath, false)) {
            if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(at.path(), PosixFilePermissions.asFileAttribute(FileStatus.permissions(mode)));
            } else {
                Files.createDirectory(at.path());
            }
        } finally {
            namespaceLock.unlock();
        }
    }

    /** A symbolic link at {@code clientPath} to {@code target} as the client wrote it, stored as {@link #linkTarget} says. */
    void createSymbolicLink(String clientPath, String target) throws IOException {
        if (nativeAt) {
            try (Located at = walk(clientPath, false)) {
                String directory = parent(at.clientPath());
                NativeAt.symlink(root, directory, at.name(), linkTarget(directory, target));
            }
            return;
        }
        namespaceLock.lock();
        try (Located at = walkForPathCall(clientPath, false)) {
            String stored = linkTarget(parent(at.clientPath()), target);
            Files.createSymbolicLink(at.path(), root.getFileSystem().getPath(stored));
        } finally {
            namespaceLock.unlock();
        }
    }

    /** A hard link at {@code linkClientPath} to the regular file at {@code existingClientPath}, links not followed. */
    void createLink(String existingClientPath, String linkClientPath) throws IOException {
        if (!nativeAt) {
            namespaceLock.lock();
        }
        try (Located from = nativeAt ? walk(existingClientPath, false) : walkForPathCall(existingClientPath, false);
             Located to = nativeAt ? walk(linkClientPath, false) : walkForPathCall(linkClientPath, false)) {
            if (!from.attributes().isRegularFile()) {
                throw new AccessDeniedException(from.clientPath(), null, "not a regular file");
            }
            if (nativeAt) {
                NativeAt.link(root, parent(from.clientPath()), from.name(), parent(to.clientPath()), to.name());
            } else {
                Files.createLink(to.path(), from.path());
            }
        } finally {
            if (!nativeAt) {
                namespaceLock.unlock();
            }
        }
    }

    /** The directory part of a client path: "/" for a name at the top. */
    static String parent(String clientPath) {
        int slash = clientPath.lastIndexOf('/');
        return slash <= 0 ? "/" : clientPath.substring(0, slash);
    }

    /** Held around every rename and every path-based call, by every session on this file system. */
    ReentrantLock namespaceLock() {
        return namespaceLock;
    }

    /**
     * Where a walk ended: {@code directory} holds the target, {@code name} is its name there ("." for the
     * root itself), {@code clientPath} the client path with every link resolved, {@code path} the same path
     * on the file system (for the calls that have no relative form, under the namespace lock).
     */
    record Located(SecureDirectoryStream<Path> directory, String name, String clientPath, Path path) implements Closeable {
        Path relative() {
            return path.getFileSystem().getPath(name);
        }

        /** The target's attributes without following it; NoSuchFileException when it does not exist. */
        BasicFileAttributes attributes() throws IOException {
            return directory.getFileAttributeView(relative(), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        }

        /** Null when there is no such file. */
        BasicFileAttributes attributesIfExists() throws IOException {
            try {
                return attributes();
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        boolean isRoot() {
            return name.equals(".");
        }

        @Override
        public void close() throws IOException {
            directory.close();
        }
    }

    /** {@code path} made absolute against {@code home} (a normalised client path) and normalised by text. */
    static String normalize(String home, String path) {
        String joined = path.startsWith("/") ? path : home + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The file-system path of a normalised client path, links not resolved. */
    Path lexical(String clientPath) {
        Path path = root;
        for (String part : clientPath.split("/")) {
            if (!part.isEmpty()) {
                path = path.resolve(part);
            }
        }
        return path;
    }

    /** The client's name for a path under the root, e.g. "/docs/a.txt". */
    String toClient(Path real) throws AccessDeniedException {
        if (!real.startsWith(root)) {
            throw new AccessDeniedException(real.toString(), null, "outside the root");
        }
        List<String> parts = new ArrayList<>();
        for (Path part : root.relativize(real)) {
            if (!part.toString().isEmpty()) {
                parts.add(part.toString());
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Walks to {@code clientPath} (normalised) from the root without letting the file system follow any
     * link. Links on the way, and the last component when {@code followLast}, are followed as paths under
     * the root. The last component need not exist; every earlier one must be a directory. The caller
     * closes what it gets.
     */
    Located walk(String clientPath, boolean followLast) throws IOException {
        String path = clientPath;
        int links = 0;
        while (true) {
            String[] parts = path.substring(1).isEmpty() ? new String[0] : path.substring(1).split("/");
            SecureDirectoryStream<Path> directory = openRoot();
            StringBuilder reached = new StringBuilder();
            String next = null;
            try {
                if (parts.length == 0) {
                    return new Located(directory, ".", "/", root);
                }
                for (int i = 0; i < parts.length; i++) {
                    String name = parts[i];
                    boolean last = i == parts.length - 1;
                    String here = reached + "/" + name;
                    if (last && !followLast) {
                        return new Located(directory, name, here, lexical(here));
                    }
                    BasicFileAttributes attributes;
                    try {
                        attributes = directory.getFileAttributeView(root.getFileSystem().getPath(name),
                                BasicFileAttributeView.class, NOFOLLOW).readAttributes();
                    } catch (NoSuchFileException e) {
                        if (last) {
                            return new Located(directory, name, here, lexical(here));
                        }
                        throw new NoSuchFileException(here);
                    }
                    if (attributes.isSymbolicLink()) {
                        if (++links > MAX_LINKS) {
                            throw new FileSystemLoopException(clientPath);
                        }
                        // Read by path, so it may race with a rename; whatever text comes back is taken
                        // as a path under the root below, so a wrong read cannot lead out.
                        Path target = Files.readSymbolicLink(lexical(here));
                        StringBuilder rest = new StringBuilder(linkTargetAsClientPath(reached.length() == 0 ? "/"
                                : reached.toString(), target));
                        for (int j = i + 1; j < parts.length; j++) {
                            rest.append('/').append(parts[j]);
                        }
                        next = normalize("/", rest.toString());
                        break;
                    }
                    if (last) {
                        return new Located(directory, name, here, lexical(here));
                    }
                    if (!attributes.isDirectory()) {
                        throw new NotDirectoryException(here);
                    }
                    SecureDirectoryStream<Path> child = directory.newDirectoryStream(root.getFileSystem().getPath(name), NOFOLLOW);
                    directory.close();
                    directory = child;
                    reached.append('/').append(name);
                }
            } catch (IOException | RuntimeException e) {
                directory.close();
                throw e;
            }
            directory.close();
            path = next;
        }
    }

    private SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (!(stream instanceof SecureDirectoryStream)) {
            stream.close();
            throw new IOException("the root's file system no longer offers SecureDirectoryStream");
        }
        return (SecureDirectoryStream<Path>) stream;
    }

    /**
     * A stored link target as a client path: an absolute target must lie under the root (and is taken
     * from its real path), a relative one is taken from the link's directory and may not climb above the
     * root.
     */
    String linkTargetAsClientPath(String linkDirectory, Path target) throws AccessDeniedException {
        if (target.isAbsolute()) {
            Path normalized = target.normalize();
            if (!normalized.startsWith(root)) {
                throw new AccessDeniedException(target.toString(), null, "link leads outside the root");
            }
            return toClient(normalized);
        }
        String text = target.toString();
        if (climbsAbove(linkDirectory, text)) {
            throw new AccessDeniedException(text, null, "link leads outside the root");
        }
        return normalize(linkDirectory, text);
    }

    /** Whether {@code relative}, taken from {@code directory}, climbs above "/" at any point. */
    private static boolean climbsAbove(String directory, String relative) {
        int depth = 0;
        for (String part : directory.split("/")) {
            if (!part.isEmpty()) {
                depth++;
            }
        }
        for (String part : relative.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    /**
     * The target to store for a new link in {@code linkDirectory} (a resolved client path) pointing at
     * {@code target} as the client wrote it, such that the link leads to the same place under the root
     * wherever it is later moved: a relative target that never climbs above the link's own directory is
     * kept; any other (absolute, or with ".." reaching above the link) is stored as the absolute path it
     * names under the root. A target that climbs above the root is refused.
     */
    String linkTarget(String linkDirectory, String target) throws AccessDeniedException {
        if (target.isEmpty()) {
            throw new AccessDeniedException(target, null, "empty link target");
        }
        if (target.startsWith("/")) {
            return lexical(normalize("/", target)).toString();
        }
        if (climbsAbove(linkDirectory, target)) {
            throw new AccessDeniedException(target, null, "link target outside the root");
        }
        if (!climbsAbove("/", target)) {
            return target;
        }
        return lexical(normalize(linkDirectory, target)).toString();
    }

    /** A link's stored target as the client should see it: absolute targets under the root as client paths. */
    String clientLinkTarget(Path target) {
        if (target.isAbsolute() && target.startsWith(root)) {
            try {
                return toClient(target);
            } catch (AccessDeniedException impossible) {
                return target.toString();
            }
        }
        return target.toString();
    }

    /**
     * Walks to {@code clientPath} under the namespace lock and checks that its directory is still the one
     * its path names, so the caller may use {@link Located#path()} with a path-based call until it
     * unlocks. The caller holds {@link #namespaceLock()}.
     */
    Located walkForPathCall(String clientPath, boolean followLast) throws IOException {
        if (!namespaceLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the namespace lock is not held");
        }
        Located located = walk(clientPath, followLast);
        try {
            Object held = located.directory().getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            Path parent = located.isRoot() ? root : located.path().getParent();
            Object named = Files.readAttributes(parent, BasicFileAttributes.class, NOFOLLOW).fileKey();
            if (held == null || !held.equals(named)) {
                throw new AccessDeniedException(located.clientPath(), null, "directory changed during the request");
            }
            return located;
        } catch (IOException | RuntimeException e) {
            located.close();
            throw e;
        }
    }
}
