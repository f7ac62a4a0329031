package io.sshnetty.sftp.server;

import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.SubsystemHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The "sftp" subsystem: SFTP version 3 (draft-ietf-secsh-filexfer-02) with OpenSSH's extensions, served
 * from a directory of a {@link FileSystem} — the default one or, say, an in-memory one, as long as it
 * offers {@link java.nio.file.SecureDirectoryStream} — that no client path, link or concurrent rename can
 * leave: every operation walks from the root without following links and acts through the directory
 * handles it reached (see {@code ConfinedPaths}). What it serves and its limits are an {@link SftpSettings};
 * its blocking file work runs on workers of an executor.
 *
 * <pre>{@code
 * SshServer.builder().sftp(SftpSettings.builder().root(Path.of("/srv/files")).readOnly(true).build())
 * // or, with an executor of the application's:
 * SshServer.builder().subsystem("sftp", SftpSubsystem.of(settings, executor))
 * }</pre>
 *
 * <p>Each session is an event-loop command: it decodes requests on the connection's event loop, with no
 * thread of its own, and serves them on workers: requests on one handle in the order they came (draft-02
 * §6.1), different handles and path operations side by side, replies written as they complete. What a
 * session holds is bounded by its settings: packets of at most {@link SftpSettings#maxPacketLength}, at
 * most {@link SftpSettings#maxInFlightBytes} of requests and their replies at once (decoding pauses, and
 * the channel's window closes, until replies have left), at most {@link SftpSettings#maxOpenHandles}
 * handles, at most {@link SftpSettings#maxWorkersPerSession} workers. Closing the channel closes every
 * handle at once.
 */
public final class SftpSubsystem implements SubsystemHandler, AutoCloseable {
    /** Open handles per session; see {@link SftpSettings#DEFAULT_MAX_OPEN_HANDLES}. */
    public static final int DEFAULT_MAX_OPEN_HANDLES = SftpSettings.DEFAULT_MAX_OPEN_HANDLES;
    /** Bytes in flight per session; see {@link SftpSettings#DEFAULT_MAX_IN_FLIGHT_BYTES}. */
    public static final int DEFAULT_MAX_IN_FLIGHT_BYTES = SftpSettings.DEFAULT_MAX_IN_FLIGHT_BYTES;
    /** Names per READDIR reply, as OpenSSH's sftp-server sends them. */
    public static final int NAMES_PER_READDIR = 100;

    /** Threads of the pool a subsystem owns when it is given no executor: blocking file work, at most this many at once. */
    public static final int DEFAULT_WORKERS = 16;
    /** Lanes waiting for one of the owned pool's workers before requests are refused as "server busy". */
    public static final int DEFAULT_WORKER_QUEUE = 1024;
    /** Workers per session; see {@link SftpSettings#DEFAULT_WORKERS_PER_SESSION}. */
    public static final int DEFAULT_WORKERS_PER_SESSION = SftpSettings.DEFAULT_WORKERS_PER_SESSION;

    private final SftpSettings settings;
    private final ConfinedPaths paths;
    private final Executor workers;
    /** The pool made for this subsystem when it was given no executor; null otherwise. */
    private final ExecutorService ownedWorkers;

    private SftpSubsystem(SftpSettings settings, Executor workers, ExecutorService ownedWorkers) {
        this.settings = Objects.requireNonNull(settings);
        this.paths = confine(settings);
        this.workers = Objects.requireNonNull(workers);
        this.ownedWorkers = ownedWorkers;
    }

    /**
     * Serves {@code settings} with workers from {@code workers}, which should be bounded (a server's own
     * command executor, say: then its shutdown stops them); each session holds at most
     * {@link SftpSettings#maxWorkersPerSession} of them, and a request the executor refuses is answered
     * "server busy".
     *
     * @throws IllegalArgumentException when the root's file system cannot be walked without following links
     */
    public static SftpSubsystem of(SftpSettings settings, Executor workers) {
        return new SftpSubsystem(settings, workers, null);
    }

    /** Serves {@code settings} with a pool of {@value #DEFAULT_WORKERS} workers of its own, stopped by {@link #close()}. */
    public static SftpSubsystem of(SftpSettings settings) {
        return withOwnPool(settings, DEFAULT_WORKERS);
    }

    private static SftpSubsystem withOwnPool(SftpSettings settings, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(DEFAULT_WORKER_QUEUE), new WorkerThreads());
        pool.allowCoreThreadTimeOut(true);
        try {
            return new SftpSubsystem(settings, pool, pool);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    /** The root walked without following links; shared by SFTP and scp (see {@link ScpExec}). */
    static ConfinedPaths confine(SftpSettings settings) {
        try {
            return new ConfinedPaths(settings.root());
        } catch (IOException e) {
            throw new UncheckedIOException("sftp root " + settings.root() + " is not usable", e);
        }
    }

    /** What this subsystem serves, and within which limits. */
    public SftpSettings settings() {
        return settings;
    }

    ConfinedPaths paths() {
        return paths;
    }

    Executor workers() {
        return workers;
    }

    /**
     * Stops the pool this subsystem owns (when it was given no executor): workers busy on a request finish
     * it, waiting work is dropped. Sessions still open then get "server busy" for what they ask next.
     */
    @Override
    public void close() {
        if (ownedWorkers != null) {
            ownedWorkers.shutdownNow();
        }
    }

    /** A builder of settings and workers together, as before {@link SftpSettings} existed. */
    public static Builder builder() {
        return new Builder();
    }

    // --- the subsystem handler (connection's session protocol) ------------------------------------

    @Override
    public Command subsystem(SessionInfo session) {
        return new SftpSession(settings, paths, workers, session);
    }

    /** {@link SftpSettings.Builder}'s options plus where the workers come from; every limit has a safe default. */
    public static final class Builder {
        private final SftpSettings.Builder settings = SftpSettings.builder();
        private int workers = DEFAULT_WORKERS;
        private Executor executor;

        private Builder() {
        }

        /** See {@link SftpSettings.Builder#root}. */
        public Builder root(Path root) {
            settings.root(root);
            return this;
        }

        /** See {@link SftpSettings.Builder#home}. */
        public Builder home(Function<String, String> userToHome) {
            settings.home(userToHome);
            return this;
        }

        /** See {@link SftpSettings.Builder#readOnly}. */
        public Builder readOnly(boolean readOnly) {
            settings.readOnly(readOnly);
            return this;
        }

        /** See {@link SftpSettings.Builder#maxOpenHandles}. */
        public Builder maxOpenHandles(int maxOpenHandles) {
            settings.maxOpenHandles(maxOpenHandles);
            return this;
        }

        /** See {@link SftpSettings.Builder#maxPacketLength}. */
        public Builder maxPacketLength(int maxPacketLength) {
            settings.maxPacketLength(maxPacketLength);
            return this;
        }

        /** See {@link SftpSettings.Builder#maxInFlightBytes}. */
        public Builder maxInFlightBytes(int maxInFlightBytes) {
            settings.maxInFlightBytes(maxInFlightBytes);
            return this;
        }

        /** See {@link SftpSettings.Builder#maxWorkersPerSession}. */
        public Builder maxWorkersPerSession(int maxWorkersPerSession) {
            settings.maxWorkersPerSession(maxWorkersPerSession);
            return this;
        }

        /** See {@link SftpSettings.Builder#allowSetIdBits}. */
        public Builder allowSetIdBits(boolean allow) {
            settings.allowSetIdBits(allow);
            return this;
        }

        /** See {@link SftpSettings.Builder#idNames}. */
        public Builder idNames(IdNames idNames) {
            settings.idNames(idNames);
            return this;
        }

        /**
         * Runs the workers (blocking file I/O) on the application's executor, which should be bounded;
         * default a pool the subsystem owns ({@link #workers}, closed by {@link SftpSubsystem#close()}).
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        /** Threads of the pool the subsystem owns when given no executor; default {@value #DEFAULT_WORKERS}. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * @throws UncheckedIOException     when the root does not exist
         * @throws IllegalStateException    when no root was given
         * @throws IllegalArgumentException when the root's file system cannot be walked without following links
         */
        public SftpSubsystem build() {
            SftpSettings built = settings.build();
            return executor != null ? of(built, executor) : withOwnPool(built, workers);
        }
    }

    private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "sshnetty-sftp-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
