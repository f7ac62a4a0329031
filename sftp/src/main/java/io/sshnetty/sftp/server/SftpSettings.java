package io.sshnetty.sftp.server;

import io.sshnetty.sftp.internal.codec.SftpPackets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * What SFTP ({@link SftpSubsystem}) and scp ({@link ScpExec}) serve and within which limits: one immutable
 * value both share, so that a file reached over either is reached the same way — the same root, homes,
 * read-only setting and mode policy.
 *
 * <pre>{@code
 * SftpSettings files = SftpSettings.builder().root(Path.of("/srv/files")).readOnly(true).build();
 * SshServer.builder().sftp(files).exec(new ScpExec(files, otherCommands))
 * }</pre>
 *
 * @param root                 the directory clients see as "/"; nothing outside it is reachable (its real path)
 * @param home                 each user's home, a client path ("/" is the root) where relative paths start
 * @param readOnly             every request that would change the file system is refused
 * @param allowSetIdBits       whether SETSTAT, FSETSTAT and scp -p may set the setuid, setgid and sticky bits
 * @param idNames              whose names users may see (users-groups-by-id, READDIR's long names)
 * @param maxOpenHandles       open handles per SFTP session
 * @param maxPacketLength      the largest SFTP packet accepted, length field excluded
 * @param maxInFlightBytes     bytes of requests and their replies held at once per session; at least two packets
 * @param maxWorkersPerSession workers one session may hold at once
 */
public record SftpSettings(Path root, Function<String, String> home, boolean readOnly, boolean allowSetIdBits,
        IdNames idNames, int maxOpenHandles, int maxPacketLength, int maxInFlightBytes, int maxWorkersPerSession) {
    /** Open handles per session; OpenSSH allows about as many as its file descriptor limit. */
    public static final int DEFAULT_MAX_OPEN_HANDLES = 256;
    /** Bytes of requests and replies in flight per session: OpenSSH's sftp keeps 64 × 32 KiB requests out. */
    public static final int DEFAULT_MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;
    /** Workers one session may hold at once: one stuck file or one busy client cannot take the whole pool. */
    public static final int DEFAULT_WORKERS_PER_SESSION = 4;

    /**
     * @throws UncheckedIOException     when the root does not exist or is not a directory
     * @throws IllegalArgumentException when a limit is out of range, or the root's file system cannot be
     *                                  walked without following links (it offers no {@link SecureDirectoryStream})
     */
    public SftpSettings {
        Objects.requireNonNull(root, "an SFTP root is required: clients see it as \"/\" and reach nothing outside it");
        Objects.requireNonNull(home);
        Objects.requireNonNull(idNames);
        checkMaxOpenHandles(maxOpenHandles);
        checkMaxPacketLength(maxPacketLength);
        checkMaxWorkersPerSession(maxWorkersPerSession);
        try {
            root = root.toRealPath();
            try (DirectoryStream<Path> probe = Files.newDirectoryStream(root)) {
                if (!(probe instanceof SecureDirectoryStream)) {
                    throw new IllegalArgumentException("the file system of " + root + " offers no SecureDirectoryStream, "
                            + "so SFTP cannot be confined there");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sftp root " + root + " is not usable", e);
        }
        maxInFlightBytes = Math.max(maxInFlightBytes, 2 * (maxPacketLength + 4));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The largest data a READ answers or a WRITE carries: the packet less its header, as OpenSSH (255 KiB). */
    public int maxDataLength() {
        return maxPacketLength - SftpPackets.HEADER_ALLOWANCE;
    }

    /** {@code user}'s home as a normalised client path; "/" when the application names none. */
    String homeOf(String user) {
        String userHome = home.apply(user);
        return ConfinedPaths.normalize("/", userHome == null ? "/" : userHome);
    }

    static void checkMaxOpenHandles(int maxOpenHandles) {
        if (maxOpenHandles < 1) {
            throw new IllegalArgumentException("maxOpenHandles " + maxOpenHandles);
        }
    }

    static void checkMaxPacketLength(int maxPacketLength) {
        if (maxPacketLength < 4 * SftpPackets.HEADER_ALLOWANCE) {
            throw new IllegalArgumentException("maxPacketLength " + maxPacketLength);
        }
    }

    static void checkMaxWorkersPerSession(int maxWorkersPerSession) {
        if (maxWorkersPerSession < 1) {
            throw new IllegalArgumentException("maxWorkersPerSession " + maxWorkersPerSession);
        }
    }

    /** Settings with a safe default for everything but the root. */
    public static final class Builder {
        private Path root;
        private Function<String, String> home = user -> "/";
        private boolean readOnly;
        private boolean allowSetIdBits;
        private IdNames idNames = IdNames.none();
        private int maxOpenHandles = DEFAULT_MAX_OPEN_HANDLES;
        private int maxPacketLength = SftpPackets.DEFAULT_MAX_PACKET_LENGTH;
        private int maxInFlightBytes = DEFAULT_MAX_IN_FLIGHT_BYTES;
        private int maxWorkersPerSession = DEFAULT_WORKERS_PER_SESSION;

        private Builder() {
        }

        /**
         * The directory clients see as "/"; nothing outside it is reachable. Required: there is no
         * unconfined mode. Its file system must offer {@link java.nio.file.SecureDirectoryStream} (the
         * default one on Linux, jimfs), or the subsystem refuses it.
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

        /** Open handles per session; default {@value #DEFAULT_MAX_OPEN_HANDLES}. */
        public Builder maxOpenHandles(int maxOpenHandles) {
            checkMaxOpenHandles(maxOpenHandles);
            this.maxOpenHandles = maxOpenHandles;
            return this;
        }

        /** The largest packet accepted, length field excluded; default 256 KiB as OpenSSH. */
        public Builder maxPacketLength(int maxPacketLength) {
            checkMaxPacketLength(maxPacketLength);
            this.maxPacketLength = maxPacketLength;
            return this;
        }

        /** Bytes of requests and their replies held at once per session; at least two packets' worth. */
        public Builder maxInFlightBytes(int maxInFlightBytes) {
            this.maxInFlightBytes = maxInFlightBytes;
            return this;
        }

        /** Workers one session may hold at once; default {@value #DEFAULT_WORKERS_PER_SESSION}. */
        public Builder maxWorkersPerSession(int maxWorkersPerSession) {
            checkMaxWorkersPerSession(maxWorkersPerSession);
            this.maxWorkersPerSession = maxWorkersPerSession;
            return this;
        }

        /**
         * @throws IllegalStateException    when no root was given
         * @throws UncheckedIOException     when the root does not exist
         * @throws IllegalArgumentException when the root's file system cannot be walked without following links
         */
        public SftpSettings build() {
            if (root == null) {
                throw new IllegalStateException("an SFTP root is required: clients see it as \"/\" and reach nothing outside it");
            }
            return new SftpSettings(root, home, readOnly, allowSetIdBits, idNames, maxOpenHandles, maxPacketLength,
                    maxInFlightBytes, maxWorkersPerSession);
        }
    }
}
