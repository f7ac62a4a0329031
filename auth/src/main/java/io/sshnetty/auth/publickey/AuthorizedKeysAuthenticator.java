package io.sshnetty.auth.publickey;

import io.sshnetty.auth.internal.LogText;
import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.BlockingWork;
import io.sshnetty.transport.keys.SshPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;

/**
 * Accepts the keys listed in an OpenSSH authorized_keys file, for the users the file belongs to. Like sshd it
 * reads the file at the time of the attempt, so edits take effect at once; the parsed file is kept while its
 * modification time, size, inode, owner and mode stay the same. A missing file accepts no key.
 *
 * <p>Files are read on an executor, never on the event loop: by default a small bounded pool shared by every
 * instance ({@value #DEFAULT_THREADS} threads, {@value #DEFAULT_QUEUE_LENGTH} waiting lookups; a lookup that
 * finds the queue full is refused and logged), or the one given to {@link #withExecutor}. A file is read only
 * when it passes {@link AuthorizedKeysFile}'s checks (a regular file of at most 1 MiB by default, and with strict modes
 * sane owner and mode, as sshd's StrictModes); anything else — a FIFO, a link to {@code /dev/zero} — is
 * refused with a log line and accepts no key.
 *
 * <p>As sshd(8) does, at authentication time it refuses a key whose line has an option it does not know,
 * whose {@code from="…"} patterns do not match the client's address, or whose {@code expiry-time} has
 * passed. A {@code cert-authority} line accepts certificates signed by its key (and no plain key), for
 * the principals of its {@code principals="…"} option or else for the user name. The line's other options
 * come back as {@link KeyRestrictions} for the connection layer to obey.
 */
public final class AuthorizedKeysAuthenticator implements PublicKeyAuthenticator {
    /** Threads of the default shared executor: file reads are short, two keep a slow disk from serialising logins. */
    public static final int DEFAULT_THREADS = 2;
    /** Lookups that may wait for the default executor; beyond that a flood is refused rather than queued without end. */
    public static final int DEFAULT_QUEUE_LENGTH = 1024;
    /** Larger files are refused: sshd reads lines of up to 16 KiB, and a thousand keys fit in far less. */
    public static final long DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
    /** Files kept parsed: enough for the active users of a busy server, small enough to bound memory. */
    public static final int DEFAULT_CACHED_FILES = 256;

    private static final Logger log = LoggerFactory.getLogger(AuthorizedKeysAuthenticator.class);

    /** Decides which file holds a user's keys; null for a user this authenticator does not serve. */
    private final Function<String, Path> fileForUser;
    private final AuthorizedKeysFile files;
    private final Clock clock;
    private final Executor executor;

    private AuthorizedKeysAuthenticator(Function<String, Path> fileForUser, AuthorizedKeysFile files, Clock clock,
            Executor executor) {
        this.fileForUser = fileForUser;
        this.files = files;
        this.clock = clock;
        this.executor = executor;
    }

    private static AuthorizedKeysAuthenticator of(Function<String, Path> fileForUser) {
        return new AuthorizedKeysAuthenticator(fileForUser, new AuthorizedKeysFile(true, DEFAULT_MAX_FILE_SIZE,
                DEFAULT_CACHED_FILES), Clock.systemUTC(), SharedExecutor.POOL);
    }

    /** {@code user}'s file: its keys authenticate {@code user} and nobody else. */
    public static AuthorizedKeysAuthenticator forFile(Path file, String user) {
        return forFileSharedBy(file, Set.of(Objects.requireNonNull(user, "user")));
    }

    /**
     * One file whose keys authenticate any of {@code users} (and nobody else), as when several names share
     * the server's account.
     */
    public static AuthorizedKeysAuthenticator forFileSharedBy(Path file, Collection<String> users) {
        Objects.requireNonNull(file, "file");
        Set<String> names = Set.copyOf(users);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a file for no user authenticates nobody");
        }
        return of(user -> names.contains(user) ? file : null);
    }

    /**
     * A file per user, e.g. {@code user -> Path.of("/home", user, ".ssh/authorized_keys")}; the function may
     * return null for a user without one. A user name that could step out of a directory ({@code /}, {@code ..},
     * a NUL) gets no file, whatever the function says.
     */
    public static AuthorizedKeysAuthenticator perUser(Function<String, Path> fileForUser) {
        Objects.requireNonNull(fileForUser);
        return of(user -> isPlainName(user) ? fileForUser.apply(user) : null);
    }

    /** The same files, judged at the time of {@code clock} (expiry-time, certificate validity); for tests. */
    public AuthorizedKeysAuthenticator withClock(Clock clock) {
        return new AuthorizedKeysAuthenticator(fileForUser, files, Objects.requireNonNull(clock), executor);
    }

    /**
     * The same files, read on {@code executor} (e.g. the application's pool for blocking work) instead of
     * the default shared pool. {@code Runnable::run} reads on the caller's thread: for tests only, since the
     * caller is the event loop.
     */
    public AuthorizedKeysAuthenticator withExecutor(Executor executor) {
        return new AuthorizedKeysAuthenticator(fileForUser, files, clock, Objects.requireNonNull(executor));
    }

    /**
     * The same files, with sshd's StrictModes on or off (on by default): with it a file, and its directory,
     * must be owned by the user, root or the server's own account and not be writable by group or others.
     */
    public AuthorizedKeysAuthenticator withStrictModes(boolean strictModes) {
        return withFiles(strictModes, DEFAULT_MAX_FILE_SIZE, DEFAULT_CACHED_FILES);
    }

    /**
     * The same files, with strict modes as given, files larger than {@code maxFileSize} bytes refused, and up
     * to {@code cachedFiles} parsed files kept.
     */
    public AuthorizedKeysAuthenticator withFiles(boolean strictModes, long maxFileSize, int cachedFiles) {
        return new AuthorizedKeysAuthenticator(fileForUser, new AuthorizedKeysFile(strictModes, maxFileSize, cachedFiles),
                clock, executor);
    }

    @Override
    public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
        return decideLater(context, user, key).thenApply(AuthDecision::isSuccess);
    }

    @Override
    public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
        return decideLater(context, user, key.key());
    }

    /** {@link #decide} on the executor; a user without a file is answered at once. */
    private CompletionStage<AuthDecision> decideLater(AuthenticationContext context, String user, SshPublicKey key) {
        Path file = fileForUser.apply(user);
        if (file == null) {
            return CompletableFuture.completedFuture(AuthDecision.reject());
        }
        try {
            return CompletableFuture.supplyAsync(() -> decide(context, user, file, key), executor);
        } catch (RejectedExecutionException busy) {
            log.warn("authorized keys lookup for {} refused: executor busy ({})", LogText.escape(user), busy.getMessage());
            return CompletableFuture.completedFuture(AuthDecision.reject());
        }
    }

    /**
     * Accepts {@code key} for {@code user} under the restrictions of the first line that accepts it, or rejects
     * it. Reads the file on the caller's thread: never call it on an event loop.
     */
    public AuthDecision decide(AuthenticationContext context, String user, SshPublicKey key) {
        Path file = fileForUser.apply(user);
        return file == null ? AuthDecision.reject() : decide(context, user, file, key);
    }

    private AuthDecision decide(AuthenticationContext context, String user, Path file, SshPublicKey key) {
        InetAddress client = context.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        Instant now = clock.instant();
        for (AuthorizedKey entry : files.keys(file, user)) {
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
                log.info("Authentication tried for {} with correct key but not from a permitted host (ip={}), {}", LogText.escape(user),
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
                    log.info("Certificate {} for {} refused ({}): {}", LogText.escape(certificate.keyId()), LogText.escape(user), where,
                            LogText.escape(refused.getMessage()));
                    continue;
                }
            }
            return AuthDecision.accept(restrictions, null);
        }
        return AuthDecision.reject();
    }

    /** sshd refuses such names before it looks anything up; here they never reach a path. */
    private static boolean isPlainName(String user) {
        return !user.isEmpty() && !user.equals(".") && !user.equals("..") && user.indexOf('/') < 0 && user.indexOf('\0') < 0;
    }

    /** The default executor, made when first needed: small, bounded, daemon threads that die when idle. */
    private static final class SharedExecutor {
        static final ThreadPoolExecutor POOL = BlockingWork.boundedDaemonPool("authorized-keys", DEFAULT_THREADS,
                DEFAULT_QUEUE_LENGTH);
    }
}
