package io.sshnetty.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.Command;
import io.sshnetty.server.AdmissionControl;
import io.sshnetty.server.internal.CommandExecutors;
import io.sshnetty.server.SshServer;
import io.sshnetty.sftp.server.SftpSubsystem;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/**
 * sshnetty as the load tool runs it: the bench host key and authorized_keys, the three commands in the
 * event-loop style (no thread per command), SFTP over the bench directory, and sshd-like MaxStartups
 * raised so that the load generator's concurrency is not dropped.
 */
public final class SshnettyBenchServer implements AutoCloseable {
    private static final ByteBuf ZEROS = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(BenchCommands.CHUNK).writeZero(BenchCommands.CHUNK).asReadOnly());

    private final SshServer server;
    private final ExecutorService workers;
    private final InetSocketAddress address;

    public SshnettyBenchServer(BenchFiles files, String bind, int port) throws IOException, InterruptedException {
        workers = CommandExecutors.create();
        server = SshServer.builder()
                .hostKey(OpenSshPrivateKeyFile.read(files.hostKey()).hostKey())
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(files.authorizedKeys(), MinaLoad.USER))
                .admission(AdmissionControl.DEFAULT.withMaxStartups(Integer.toString(ServerCommand.MAX_STARTUPS)))
                .exec(request -> command(request.command()))
                .subsystem("sftp", SftpSubsystem.builder().root(files.sftpRoot()).executor(workers).build())
                .build();
        address = server.bind(new InetSocketAddress(bind, port));
    }

    public InetSocketAddress address() {
        return address;
    }

    static Command command(String line) {
        long length = BenchCommands.sourceLength(line);
        if (length >= 0) {
            return new Source(length);
        }
        return switch (line) {
            case "true" -> new Sink(true);
            case "sink" -> new Sink(false);
            default -> null;
        };
    }

    @Override
    public void close() {
        server.close();
        workers.shutdownNow();
    }

    /** {@code sink} reads to EOF; {@code true} exits at once. Both discard what they get (the default onData). */
    private static final class Sink implements ChannelCommand {
        private final boolean exitAtOnce;
        private ChannelSession session;

        Sink(boolean exitAtOnce) {
            this.exitAtOnce = exitAtOnce;
        }

        @Override
        public void start(ChannelSession session) {
            this.session = session;
            if (exitAtOnce) {
                session.exit(0);
            }
        }

        @Override
        public void onEof() {
            if (!exitAtOnce) {
                session.exit(0);
            }
        }
    }

    /** {@code source N}: N zero bytes, written while the session is writable, then exit status 0. */
    private static final class Source implements ChannelCommand {
        private long remaining;
        private ChannelSession session;

        Source(long length) {
            this.remaining = length;
        }

        @Override
        public void start(ChannelSession session) {
            this.session = session;
            onWritable();
        }

        @Override
        public void onWritable() {
            while (remaining > 0 && session.isWritable()) {
                int length = (int) Math.min(remaining, BenchCommands.CHUNK);
                remaining -= length;
                session.write(ZEROS.retainedSlice(0, length));
            }
            if (remaining == 0) {
                session.exit(0);
            }
        }
    }
}
