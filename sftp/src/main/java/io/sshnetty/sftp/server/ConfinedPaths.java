package io.sshnetty.sftp.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps the paths a client names onto one directory of a {@link FileSystem}, the root, so that no path
 * leads out of it. A client sees absolute paths starting at "/" (the root); relative ones are taken from
 * its home. A path is first normalised by text ("." and ".." removed, ".." stopping at "/"); then every
 * symbolic link on it is resolved ({@link Path#toRealPath}) and the result must still lie under the
 * root's real path, or the request is refused with {@link AccessDeniedException}. The last component is
 * handed back unresolved where an operation must not follow it (lstat, remove, rename, readlink, …), and
 * callers open files with {@link LinkOption#NOFOLLOW_LINKS}, so a link swapped in for the last component
 * after the check is not followed either.
 */
final class ConfinedPaths {
    private final Path root;
    private final boolean wholeFileSystem;

    /** @param root the directory clients see as "/"; it must exist */
    ConfinedPaths(Path root) throws IOException {
        this.root = root.toRealPath();
        this.wholeFileSystem = this.root.getParent() == null;
    }

    Path root() {
        return root;
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

    /** The file-system path of a normalised client path, links not yet resolved. */
    Path lexical(String clientPath) {
        Path path = root;
        for (String part : clientPath.split("/")) {
            if (!part.isEmpty()) {
                path = path.resolve(part);
            }
        }
        return path;
    }

    /** The client's name for a real path under the root, e.g. "/docs/a.txt". */
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
     * The real path {@code clientPath} leads to, every link followed. When the file does not exist yet,
     * its parent's real path and its name: the caller creates it with NOFOLLOW_LINKS, so a dangling link
     * in its place is not followed out of the root.
     */
    Path following(String clientPath) throws IOException {
        Path lexical = lexical(clientPath);
        try {
            return checked(lexical.toRealPath());
        } catch (NoSuchFileException e) {
            if (lexical.equals(root)) {
                throw e;
            }
            return checked(lexical.getParent().toRealPath()).resolve(lexical.getFileName().toString());
        }
    }

    /** The path {@code clientPath} names with its last component unresolved; the parent must resolve under the root. */
    Path notFollowing(String clientPath) throws IOException {
        Path lexical = lexical(clientPath);
        if (lexical.equals(root)) {
            return root;
        }
        return checked(lexical.getParent().toRealPath()).resolve(lexical.getFileName().toString());
    }

    private Path checked(Path real) throws AccessDeniedException {
        if (!wholeFileSystem && !real.startsWith(root)) {
            throw new AccessDeniedException(real.toString(), null, "outside the root");
        }
        return real;
    }

    /**
     * The target to store for a new link at {@code linkClientPath} pointing at {@code target} as the client
     * wrote it: an absolute target is taken as a client path and stored as the real path it names; a
     * relative one is kept, but must not climb above the root from the link's directory.
     */
    String linkTarget(String linkClientPath, String target) throws AccessDeniedException {
        if (target.startsWith("/")) {
            return lexical(normalize("/", target)).toString();
        }
        int depth = 0;
        for (String part : linkClientPath.split("/")) {
            if (!part.isEmpty()) {
                depth++;
            }
        }
        depth--; // the link's own name
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0 && !wholeFileSystem) {
                    throw new AccessDeniedException(target, null, "link target outside the root");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return target;
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
     * Opens the file at {@code real} (a path {@link #following} or {@link #notFollowing} returned) without
     * following any link on the way: where the file system offers a {@link SecureDirectoryStream} (the
     * default one on Linux, jimfs), it walks from the root one directory at a time with
     * {@code NOFOLLOW_LINKS}, so a directory swapped for a link after the check cannot lead out. Elsewhere
     * it opens the path with {@code NOFOLLOW_LINKS} on the last component only.
     */
    FileChannel openFile(Path real, Set<OpenOption> options, FileAttribute<?>... attributes) throws IOException {
        Set<OpenOption> nofollow = new HashSet<>(options);
        nofollow.add(LinkOption.NOFOLLOW_LINKS);
        SecureDirectoryStream<Path> parent = wholeFileSystem || real.equals(root) ? null : secureParent(real);
        if (parent == null) {
            return FileChannel.open(real, nofollow, attributes);
        }
        try (parent) {
            SeekableByteChannel channel = parent.newByteChannel(real.getFileName(), nofollow, attributes);
            if (channel instanceof FileChannel) {
                return (FileChannel) channel;
            }
            channel.close();
            return FileChannel.open(real, nofollow, attributes);
        }
    }

    /** Opens the directory at {@code real} like {@link #openFile}: walked from the root where that is possible. */
    DirectoryStream<Path> openDirectory(Path real) throws IOException {
        SecureDirectoryStream<Path> parent = wholeFileSystem || real.equals(root) ? null : secureParent(real);
        if (parent == null) {
            return Files.newDirectoryStream(real);
        }
        try (parent) {
            return parent.newDirectoryStream(real.getFileName(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The directory holding {@code real}, reached from the root without following links; null if unsupported. */
    private SecureDirectoryStream<Path> secureParent(Path real) throws IOException {
        Path relative = root.relativize(real);
        DirectoryStream<Path> first = Files.newDirectoryStream(root);
        if (!(first instanceof SecureDirectoryStream)) {
            first.close();
            return null;
        }
        SecureDirectoryStream<Path> directory = (SecureDirectoryStream<Path>) first;
        try {
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                SecureDirectoryStream<Path> next = directory.newDirectoryStream(relative.getName(i), LinkOption.NOFOLLOW_LINKS);
                directory.close();
                directory = next;
            }
            return directory;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }
}
