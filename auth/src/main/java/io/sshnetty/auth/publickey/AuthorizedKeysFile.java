package io.sshnetty.auth.publickey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads authorized_keys files safely for a server: off the event loop (its callers run it on an executor),
 * only regular files up to a size limit, and with strict modes only files whose owner and
 * mode, and their directory's, say that nobody but the user, root or the server's account can have written
 * them (sshd's StrictModes, reduced to what a library can sensibly check: the file and its parent directory).
 * The file is located through symbolic links, then examined without following any. Parsed files are kept in a
 * small LRU cache while their modification time, size, inode, owner and mode (and their directory's owner and
 * mode) stay the same, and so are refusals, so a bad file is logged once per change rather than once per attempt.
 * Where the file system has the "unix" attribute view (Linux, macOS), a cache hit costs one {@code lstat} per file
 * and directory: owners are compared as numeric ids and looked up by name only when the file is read again, for
 * a name lookup reads the password database (a profile of 64 concurrent logins found it a third of the key
 * lookup's time).
 */
final class AuthorizedKeysFile {

    private static final Logger log = LoggerFactory.getLogger(AuthorizedKeysFile.class);
    private static final String SERVER_ACCOUNT = System.getProperty("user.name");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final boolean strictModes;
    private final long maxFileSize;
    private final Map<Path, Cached> cache;

    /** What a file looked like when it was read, and what came of it: its keys, or none when refused. */
    private record Cached(Stat stat, List<AuthorizedKey> keys) {
    }

    /**
     * The identity of one version of a file: a change to any of these means reading it again. Owners and modes
     * are numeric ({@code unix:uid}, {@code unix:mode}) where the file system has the "unix" view, else the
     * owner's name and the permission set; the directory's are null without strict modes.
     */
    private record Stat(Object fileKey, long modifiedNanos, long size, Object owner, Object mode, Object directoryOwner,
            Object directoryMode) {
    }

    private static final String UNIX_FILE = "unix:fileKey,lastModifiedTime,size,uid,mode";
    private static final String UNIX_DIRECTORY = "unix:uid,mode";

    AuthorizedKeysFile(boolean strictModes, long maxFileSize, int cachedFiles) {
        if (maxFileSize < 1 || maxFileSize >= Integer.MAX_VALUE || cachedFiles < 1) {
            throw new IllegalArgumentException("file size limit and cache size must be positive");
        }
        this.strictModes = strictModes;
        this.maxFileSize = maxFileSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Cached> eldest) {
                return size() > cachedFiles;
            }
        };
    }

    /** The keys of {@code file} for {@code user}: none when it is missing, unreadable or refused. Blocks. */
    List<AuthorizedKey> keys(Path file, String user) {
        try {
            Path real = file.toRealPath();
            Stat stat = stat(real);
            Cached cached;
            synchronized (cache) {
                cached = cache.get(real);
            }
            if (cached != null && cached.stat.equals(stat)) {
                return cached.keys;
            }
            BasicFileAttributes attributes = attributes(real);
            List<AuthorizedKey> keys = read(file, real, attributes, directoryAttributes(real, attributes), user);
            synchronized (cache) {
                cache.put(real, new Cached(stat, keys));
            }
            return keys;
        } catch (NoSuchFileException e) {
            log.debug("no authorized keys file {}", file);
            return List.of();
        } catch (IOException e) {
            log.warn("cannot read authorized keys file {}: {}", file, e.toString());
            return List.of();
        }
    }

    /** The directory's POSIX attributes when strict modes check it, else null. */
    private PosixFileAttributes directoryAttributes(Path real, BasicFileAttributes attributes) throws IOException {
        return strictModes && attributes instanceof PosixFileAttributes && real.getParent() != null
                ? Files.readAttributes(real.getParent(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
    }

    private List<AuthorizedKey> read(Path file, Path real, BasicFileAttributes attributes, PosixFileAttributes directory,
            String user) throws IOException {
        if (!attributes.isRegularFile()) {
            log.warn("Authentication refused: {} is not a regular file", describe(file, real));
            return List.of();
        }
        if (attributes.size() > maxFileSize) {
            log.warn("Authentication refused: {} is larger than {} bytes", describe(file, real), maxFileSize);
            return List.of();
        }
        if (strictModes) {
            String problem = modeProblem(real, attributes, directory, user);
            if (problem != null) {
                log.warn("Authentication refused: bad ownership or modes for {}: {}", describe(file, real), problem);
                return List.of();
            }
        }
        byte[] content = readAtMost(real);
        if (content == null) {
            log.warn("Authentication refused: {} grew beyond {} bytes", describe(file, real), maxFileSize);
            return List.of();
        }
        return AuthorizedKeys.parse(new String(content, StandardCharsets.UTF_8), file.toString());
    }

    /** The file's bytes, or null when it holds more than the limit (it may have grown since it was examined). */
    private byte[] readAtMost(Path real) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) maxFileSize + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the end or one byte past the limit
            }
            if (!buffer.hasRemaining()) {
                return null;
            }
            byte[] content = new byte[buffer.position()];
            buffer.flip().get(content);
            return content;
        }
    }

    /** The file's owner and mode and its directory's, as StrictModes wants them; null when fine or not POSIX. */
    private static String modeProblem(Path real, BasicFileAttributes attributes, PosixFileAttributes directory,
            String user) {
        if (!(attributes instanceof PosixFileAttributes file)) {
            return null;
        }
        String problem = ownerProblem(file, user, "file");
        if (problem != null || directory == null) {
            return problem;
        }
        return ownerProblem(directory, user, "directory " + real.getParent());
    }

    private static String ownerProblem(PosixFileAttributes attributes, String user, String what) {
        String owner = attributes.owner().getName();
        if (!owner.equals(user) && !owner.equals("root") && !owner.equals(SERVER_ACCOUNT)) {
            return what + " is owned by " + owner;
        }
        for (PosixFilePermission permission : GROUP_OR_OTHERS_WRITE) {
            if (attributes.permissions().contains(permission)) {
                return what + " is writable by " + (permission == PosixFilePermission.GROUP_WRITE ? "group" : "others");
            }
        }
        return null;
    }

    /** POSIX attributes where the file system has them (owner and mode go into the cache key), else basic ones. */
    private static BasicFileAttributes attributes(Path real) throws IOException {
        if (Files.getFileAttributeView(real, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null) {
            return Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** What identifies this version of the file (and of its directory, with strict modes), without name lookups. */
    private Stat stat(Path real) throws IOException {
        if (hasUnixView(real)) {
            Map<String, Object> file = Files.readAttributes(real, UNIX_FILE, LinkOption.NOFOLLOW_LINKS);
            Map<String, Object> directory = strictModes && real.getParent() != null
                    ? Files.readAttributes(real.getParent(), UNIX_DIRECTORY, LinkOption.NOFOLLOW_LINKS) : Map.of();
            return new Stat(file.get("fileKey"), ((FileTime) file.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                    (Long) file.get("size"), file.get("uid"), file.get("mode"), directory.get("uid"), directory.get("mode"));
        }
        BasicFileAttributes attributes = attributes(real);
        PosixFileAttributes directory = directoryAttributes(real, attributes);
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        String owner = attributes instanceof PosixFileAttributes posix ? posix.owner().getName() : null;
        Set<PosixFilePermission> mode = attributes instanceof PosixFileAttributes posix ? Set.copyOf(posix.permissions()) : null;
        return new Stat(attributes.fileKey(), modified, attributes.size(), owner, mode,
                directory == null ? null : directory.owner().getName(),
                directory == null ? null : Set.copyOf(directory.permissions()));
    }

    private static boolean hasUnixView(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    private static String describe(Path file, Path real) {
        return file.equals(real) ? file.toString() : file + " (" + real + ")";
    }
}
