package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.SshPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Accepts the keys listed in an OpenSSH authorized_keys file. Like sshd it reads the file at the time of
 * the attempt, so edits take effect at once; the parsed file is kept while its modification time and size
 * stay the same. A missing file accepts no key.
 */
public final class AuthorizedKeysAuthenticator implements PublicKeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(AuthorizedKeysAuthenticator.class);

    private final Function<String, Path> fileForUser;
    private volatile Cached cached;

    private record Cached(Path file, FileTime modified, long size, List<AuthorizedKey> keys) {
    }

    private AuthorizedKeysAuthenticator(Function<String, Path> fileForUser) {
        this.fileForUser = fileForUser;
    }

    /** One file for every user name, as when the server acts as a single account. */
    public static AuthorizedKeysAuthenticator forFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new AuthorizedKeysAuthenticator(user -> file);
    }

    /** A file per user, e.g. {@code user -> Path.of("/home", user, ".ssh/authorized_keys")}. */
    public static AuthorizedKeysAuthenticator perUser(Function<String, Path> fileForUser) {
        return new AuthorizedKeysAuthenticator(Objects.requireNonNull(fileForUser));
    }

    @Override
    public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
        return CompletableFuture.completedFuture(listed(user, key));
    }

    @Override
    public CompletionStage<Boolean> authenticate(AuthenticationContext context, String user, ProvenPublicKey key) {
        return CompletableFuture.completedFuture(listed(user, key.key()));
    }

    private boolean listed(String user, SshPublicKey key) {
        for (AuthorizedKey entry : keys(fileForUser.apply(user))) {
            if (entry.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private List<AuthorizedKey> keys(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Cached current = cached;
            if (current != null && current.file.equals(file) && current.modified.equals(attributes.lastModifiedTime())
                    && current.size == attributes.size()) {
                return current.keys;
            }
            List<AuthorizedKey> keys = AuthorizedKeys.read(file);
            cached = new Cached(file, attributes.lastModifiedTime(), attributes.size(), keys);
            return keys;
        } catch (NoSuchFileException e) {
            log.debug("no authorized keys file {}", file);
            return List.of();
        } catch (IOException e) {
            log.warn("cannot read authorized keys file {}: {}", file, e.toString());
            return List.of();
        }
    }
}
