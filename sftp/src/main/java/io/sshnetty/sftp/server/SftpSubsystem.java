package io.sshnetty.sftp.server;

import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.SubsystemHandler;
import io.sshnetty.sftp.codec.SftpPackets;

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
 * handles it reached (see {@code ConfinedPaths}).
 *
 * <pre>{@code
 * SshServer.builder()
 *         .subsystem("sftp", SftpSubsystem.builder().root(Path.of("/srv/files")).readOnly(true).build())
 * }</pre>
 *
 * <p>Each session is an event-loop command: it decodes requests on the connection's event loop, with no
 * thread of its own, and serves them on {@link Builder#executor workers}: requests on one handle in the
 * order they came (draft-02 §6.1), different handles and path operations side by side, replies written
 * as they complete. What a session holds is bounded: packets of at most {@link Builder#maxPacketLength},
 * at most {@link Builder#maxInFlightBytes} of requests and their replies at once (decoding pauses, and
 * the channel's window closes, until replies have left), at most {@link Builder#maxOpenHandles} handles,
 * at most {@link Builder#maxWorkersPerSession} workers. Closing the channel closes every handle at once.
 */
public final class SftpSubsystem implements SubsystemHandler, AutoCloseable {
    /** Open handles per session; OpenSSH allows about as many as its file descriptor limit. */
    public static final int DEFAULT_MAX_OPEN_HANDLES = 256;
    /** Bytes of requests and replies in flight per session: OpenSSH's sftp keeps 64 × 32 KiB requests out. */
    public static final int DEFAULT_MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;
    /** Names per READDIR reply, as OpenSSH's sftp-server sends them. */
    public static final int NAMES_PER_READDIR = 100;

    /** Threads of the pool a subsystem owns when it is given no executor: blocking file work, at most this many at once. */
    public static final int DEFAULT_WORKERS = 16;
    /** Lanes waiting for one of the owned pool's workers before requests are refused as "server busy". */
    public static final int DEFAULT_WORKER_QUEUE = 1024;
    /** Workers one session may hold at once: one stuck file or one busy client cannot take the whole pool. */
    public static final int DEFAULT_WORKERS_PER_SESSION = 4;

    final ConfinedPaths paths;
    final boolean allowSetIdBits;
    final IdNames idNames;
    final int maxWorkersPerSession;
    private final ExecutorService ownedWorkers;
    final Function<String, String> home;
    final boolean readOnly;
    final int maxOpenHandles;
    final int maxPacketLength;
    final int maxInFlightBytes;
    final Executor executor;

    private SftpSubsystem(Builder builder) {
        if (builder.root == null) {
            throw new IllegalStateException("an SFTP root is required: clients see it as \"/\" and reach nothing outside it");
        }
        try {
            this.paths = new ConfinedPaths(builder.root);
        } catch (IOException e) {
            throw new UncheckedIOException("sftp root " + builder.root + " is not usable", e);
        }
        this.home = builder.home;
        this.readOnly = builder.readOnly;
        this.maxOpenHandles = builder.maxOpenHandles;
        this.maxPacketLength = builder.maxPacketLength;
        this.maxInFlightBytes = Math.max(builder.maxInFlightBytes, 2 * (builder.maxPacketLength + 4));
        this.allowSetIdBits = builder.allowSetIdBits;
        this.idNames = builder.idNames;
        this.maxWorkersPerSession = builder.maxWorkersPerSession;
        if (builder.executor != null) {
            this.ownedWorkers = null;
            this.executor = builder.executor;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(builder.workers, builder.workers, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(DEFAULT_WORKER_QUEUE), new WorkerThreads());
            pool.allowCoreThreadTimeOut(true);
            this.ownedWorkers = pool;
            this.executor = pool;
        }
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

    public static Builder builder() {
        return new Builder();
    }

    /** The largest data a READ answers or a WRITE carries: the packet less its header, as OpenSSH (255 KiB). */
    int maxDataLength() {
        return maxPacketLength - SftpPackets.HEADER_ALLOWANCE;
    }

    @Override
    public Command subsystem(SessionInfo session) {
        return new SftpSession(this, session);
    }

    /** Settings of the subsystem; every limit has a safe default. */
    public static final class Builder {
        private Path root;
        private Function<String, String> home = user -> "/";
        private boolean allowSetIdBits;
        private IdNames idNames = IdNames.none();
        private int workers = DEFAULT_WORKERS;
        private int maxWorkersPerSession = DEFAULT_WORKERS_PER_SESSION;
        private boolean readOnly;
        private int maxOpenHandles = DEFAULT_MAX_OPEN_HANDLES;
        private int maxPacketLength = SftpPackets.DEFAULT_MAX_PACKET_LENGTH;
        private int maxInFlightBytes = DEFAULT_MAX_IN_FLIGHT_BYTES;
        private Executor executor;

        private Builder() {
        }

        /**
         * The directory clients see as "/"; nothing outside it is reachable. Required: there is no
         * unconfined mode. Its file system must offer {@link java.nio.file.SecureDirectoryStream} (the
         * default one on Linux, jimfs), or {@link #build()} refuses it.
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root);
            return this;
        }

        /** Each user's home, a client path ("/" is the root) where relative paths start; default "/". */
        public Builder home(Function<String, String> userToHome) {
            this.home = Objects.requireNonNull(userToHome);
            return this;
        }

        /** Refuses every request that would change the file system with SSH_FX_PERMISSION_DENIED. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder maxOpenHandles(int maxOpenHandles) {
            if (maxOpenHandles < 1) {
                throw new IllegalArgumentException("maxOpenHandles " + maxOpenHandles);
            }
            this.maxOpenHandles = maxOpenHandles;
            return this;
        }

        /** The largest packet accepted, length field excluded; default 256 KiB as OpenSSH. */
        public Builder maxPacketLength(int maxPacketLength) {
            if (maxPacketLength < 4 * SftpPackets.HEADER_ALLOWANCE) {
                throw new IllegalArgumentException("maxPacketLength " + maxPacketLength);
            }
            this.maxPacketLength = maxPacketLength;
            return this;
        }

        /** Bytes of requests and their replies held at once per session; at least two packets' worth. */
        public Builder maxInFlightBytes(int maxInFlightBytes) {
            this.maxInFlightBytes = maxInFlightBytes;
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

        /** Workers one session may hold at once; default {@value #DEFAULT_WORKERS_PER_SESSION}. */
        public Builder maxWorkersPerSession(int maxWorkersPerSession) {
            if (maxWorkersPerSession < 1) {
                throw new IllegalArgumentException("maxWorkersPerSession " + maxWorkersPerSession);
            }
            this.maxWorkersPerSession = maxWorkersPerSession;
            return this;
        }

        /**
         * Whether SETSTAT, FSETSTAT and scp -p may set the setuid, setgid and sticky bits; default false,
         * they are dropped (on a server running as root they would make programs run as root).
         */
        public Builder allowSetIdBits(boolean allow) {
            this.allowSetIdBits = allow;
            return this;
        }

        /**
         * Whose names users may see, for users-groups-by-id and the long names of READDIR; default
         * {@link IdNames#none()}, numbers only. {@link IdNames#hostAccounts()} shows the host's accounts.
         */
        public Builder idNames(IdNames idNames) {
            this.idNames = Objects.requireNonNull(idNames);
            return this;
        }

        /**
         * @throws UncheckedIOException     when the root does not exist
         * @throws IllegalStateException    when no root was given
         * @throws IllegalArgumentException when the root's file system cannot be walked without following links
         */
        public SftpSubsystem build() {
            return new SftpSubsystem(this);
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
