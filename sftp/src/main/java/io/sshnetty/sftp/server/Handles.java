package io.sshnetty.sftp.server;

import io.sshnetty.sftp.internal.codec.SftpPacket.NameEntry;
import io.sshnetty.sftp.internal.codec.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One session's open handles (draft-ietf-secsh-filexfer-02 §6.2), at most a configured number. Handles
 * are short decimal strings, never reused within a session.
 */
final class Handles {
    private static final Logger log = LoggerFactory.getLogger(Handles.class);

    /**
     * An open file; {@code append} when opened with SSH_FXF_APPEND (writes go to the end). It keeps the
     * directory it was opened in and its file key, so FSTAT and FSETSTAT act on this very file, through
     * that directory, wherever the directories above it have been moved since.
     */
    record FileHandle(SecureDirectoryStream<Path> directory, String name, Object fileKey, Path path, String clientPath,
            FileChannel channel, boolean append) implements Closeable {
        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                directory.close();
            }
        }
    }

    /** An open directory: its entries come out in READDIR-sized chunks, "." and ".." first. */
    static final class DirectoryHandle implements Closeable {
        final SecureDirectoryStream<Path> stream;
        final Path path;
        final String clientPath;
        private final Iterator<Path> entries;
        private final Deque<String> dots = new ArrayDeque<>(List.of(".", ".."));
        /** An entry read but not sent, when the last reply was full. */
        NameEntry pending;

        DirectoryHandle(SecureDirectoryStream<Path> stream, Path path, String clientPath) {
            this.stream = stream;
            this.path = path;
            this.clientPath = clientPath;
            this.entries = stream.iterator();
        }

        /** The next entry's name, or null at the end. */
        String next() {
            String dot = dots.poll();
            if (dot != null) {
                return dot;
            }
            if (!entries.hasNext()) {
                return null;
            }
            return entries.next().getFileName().toString();
        }

        /** The entry's status, read relative to this directory ("..": the parent, or the root itself). */
        FileStatus status(String name) throws IOException {
            if (name.equals(".") || name.equals("..") && clientPath.equals("/")) {
                return FileStatus.read(stream, null, path);
            }
            return FileStatus.read(stream, name, name.equals("..") ? path.getParent() : path.resolve(name));
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private final int max;
    private final Map<String, Closeable> open = new HashMap<>();
    private long next;
    private boolean closed;

    Handles(int max) {
        this.max = max;
    }

    synchronized String add(Closeable handle) throws IOException, Errors.Refused {
        if (closed) {
            handle.close();
            throw new Errors.Refused(StatusCode.FAILURE, "session closed");
        }
        if (open.size() >= max) {
            throw new Errors.Refused(StatusCode.FAILURE, "too many open handles (" + max + ")");
        }
        String name = Long.toString(next++);
        open.put(name, handle);
        return name;
    }

    <T> T get(String name, Class<T> type) throws Errors.Refused {
        Closeable handle;
        synchronized (this) {
            handle = open.get(name);
        }
        if (!type.isInstance(handle)) {
            throw new Errors.Refused(StatusCode.FAILURE, "invalid handle");
        }
        return type.cast(handle);
    }

    synchronized Closeable remove(String name) throws Errors.Refused {
        Closeable handle = open.remove(name);
        if (handle == null) {
            throw new Errors.Refused(StatusCode.FAILURE, "invalid handle");
        }
        return handle;
    }

    /** Closes what the client left open, when the session ends. */
    void closeAll() {
        List<Closeable> left;
        synchronized (this) {
            left = new ArrayList<>(open.values());
            open.clear();
            closed = true;
        }
        for (Closeable handle : left) {
            try {
                handle.close();
            } catch (IOException e) {
                log.debug("closing a handle left open: {}", e.toString());
            }
        }
    }
}
