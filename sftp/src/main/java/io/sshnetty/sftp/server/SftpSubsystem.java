package io.sshnetty.sftp.server;

import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.SubsystemHandler;
import io.sshnetty.sftp.codec.SftpPackets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The "sftp" subsystem: SFTP version 3 (draft-ietf-secsh-filexfer-02) with OpenSSH's extensions, served
 * from a directory of any {@link FileSystem} — the default one or, say, an in-memory one — that no client
 * path can leave.
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
 * the channel's window closes, until replies have left), at most {@link Builder#maxOpenHandles} handles.
 */
public final class SftpSubsystem implements SubsystemHandler {
    /** Open handles per session; OpenSSH allows about as many as its file descriptor limit. */
    public static final int DEFAULT_MAX_OPEN_HANDLES = 256;
    /** Bytes of requests and replies in flight per session: OpenSSH's sftp keeps 64 × 32 KiB requests out. */
    public static final int DEFAULT_MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;
    /** Names per READDIR reply, as OpenSSH's sftp-server sends them. */
    public static final int NAMES_PER_READDIR = 100;

    private static final ExecutorService SHARED_WORKERS = Executors.newCachedThreadPool(new WorkerThreads());

    final ConfinedPaths paths;
    final Function<String, String> home;
    final boolean readOnly;
    final int maxOpenHandles;
    final int maxPacketLength;
    final int maxInFlightBytes;
    final Executor executor;

    private SftpSubsystem(Builder builder) {
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
        this.executor = builder.executor;
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
        private Path root = FileSystems.getDefault().getRootDirectories().iterator().next();
        private Function<String, String> home = user -> "/";
        private boolean readOnly;
        private int maxOpenHandles = DEFAULT_MAX_OPEN_HANDLES;
        private int maxPacketLength = SftpPackets.DEFAULT_MAX_PACKET_LENGTH;
        private int maxInFlightBytes = DEFAULT_MAX_IN_FLIGHT_BYTES;
        private Executor executor = SHARED_WORKERS;

        private Builder() {
        }

        /**
         * The directory clients see as "/", on any file system; nothing outside it is reachable. Default:
         * the default file system's root, i.e. the whole file system as the server's user sees it.
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

        /** Runs the workers (blocking file I/O); default a shared pool of daemon threads. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        /** @throws UncheckedIOException when the root does not exist */
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
