package io.sshnetty.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The private directory (mode 700, the server's account) where forwarded agents' sockets are made: made
 * when the server is built and removed at shutdown, so an event loop never creates or deletes directories.
 */
final class AgentDirectory {
    private static final Logger log = LoggerFactory.getLogger(AgentDirectory.class);

    private AgentDirectory() {
    }

    static Path create() {
        try {
            return Files.createTempDirectory("sshnetty-agent-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the directory for forwarded agents' sockets", e);
        }
    }

    /** Removes the directory and any socket left in it; null does nothing. */
    static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            try (DirectoryStream<Path> left = Files.newDirectoryStream(directory)) {
                for (Path socket : left) {
                    Files.deleteIfExists(socket);
                }
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", directory, e.toString());
        }
    }
}
