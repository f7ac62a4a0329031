package io.sshnetty.sftp.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

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

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
