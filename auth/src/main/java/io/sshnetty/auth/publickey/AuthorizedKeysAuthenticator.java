package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.SshPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accepts the keys listed in an OpenSSH authorized_keys file. Like sshd it reads the file at the time of
 * the attempt, so edits take effect at once; the parsed file is kept while its modification time and size
 * stay the same. A missing file accepts no key.
 *
 * <p>As sshd(8) does, at authentication time it refuses a key whose line has an option it does not know,
 * whose {@code from="…"} patterns do not match the client's address, or whose {@code expiry-time} has
 * passed. A {@code cert-authority} line accepts certificates signed by its key (and no plain key), for
 * the principals of its {@code principals="…"} option or else for the user name. The line's other options
 * come back as {@link KeyRestrictions} for the connection layer to obey.
 */
public final class AuthorizedKeysAuthenticator implements ImmediatePublicKeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(AuthorizedKeysAuthenticator.class);

    private final Function<String, Path> fileForUser;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(Path file, FileTime modified, long size, List<AuthorizedKey> keys) {
    }

    private AuthorizedKeysAuthenticator(Function<String, Path> fileForUser, Clock clock) {
        this.fileForUser = fileForUser;
        this.clock = clock;
    }

    /** One file for every user name, as when the server acts as a single account. */
    public static AuthorizedKeysAuthenticator forFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new AuthorizedKeysAuthenticator(user -> file, Clock.systemUTC());
    }

    /** A file per user, e.g. {@code user -> Path.of("/home", user, ".ssh/authorized_keys")}. */
    public static AuthorizedKeysAuthenticator perUser(Function<String, Path> fileForUser) {
        return new AuthorizedKeysAuthenticator(Objects.requireNonNull(fileForUser), Clock.systemUTC());
    }

    /** The same files, judged at the time of {@code clock} (expiry-time, certificate validity); for tests. */
    public AuthorizedKeysAuthenticator withClock(Clock clock) {
        return new AuthorizedKeysAuthenticator(fileForUser, Objects.requireNonNull(clock));
    }

    /** The restrictions of the first line that accepts {@code key} for {@code user}, or empty. */
    @Override
    public Optional<KeyRestrictions> decide(AuthenticationContext context, String user, SshPublicKey key) {
        Path file = fileForUser.apply(user);
        InetAddress client = context.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        Instant now = clock.instant();
        for (AuthorizedKey entry : keys(file)) {
            boolean authority = entry.hasOption("cert-authority");
            OpenSshCertificate certificate = key instanceof OpenSshCertificate cert ? cert : null;
            if (certificate != null ? !authority || !entry.key().equals(certificate.signatureKey())
                    : authority || !entry.key().equals(key)) {
                continue;
            }
            String where = file + " line " + entry.lineNumber();
            KeyRestrictions restrictions;
            try {
                restrictions = KeyRestrictions.of(entry.options());
            } catch (IllegalArgumentException badOptions) {
                log.info("{}: bad key options: {}", where, badOptions.getMessage());
                continue;
            }
            if (restrictions.from() != null && (client == null || !SourcePatterns.matches(restrictions.from(), client))) {
                log.info("Authentication tried for {} with correct key but not from a permitted host (ip={}), {}", user,
                        client == null ? "unknown" : client.getHostAddress(), where);
                continue;
            }
            if (restrictions.expiryTime() != null && now.isAfter(restrictions.expiryTime())) {
                log.info("{}: key expired at {}", where, restrictions.expiryTime());
                continue;
            }
            if (certificate != null) {
                List<String> principals = restrictions.principals().isEmpty() ? List.of(user) : restrictions.principals();
                try {
                    restrictions = restrictions.and(certificate.authorize(principals, now, client));
                } catch (IllegalArgumentException refused) {
                    log.info("Certificate {} for {} refused ({}): {}", certificate.keyId(), user, where, refused.getMessage());
                    continue;
                }
            }
            return Optional.of(restrictions);
        }
        return Optional.empty();
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
