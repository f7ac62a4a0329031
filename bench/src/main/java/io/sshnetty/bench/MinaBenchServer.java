package io.sshnetty.bench;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Apache MINA SSHD as the load tool runs it: the same host key, authorized_keys and commands as
 * sshnetty, in MINA's own command style (a pooled thread per running command, blocking streams), and
 * MINA's SFTP subsystem over the same directory.
 */
public final class MinaBenchServer implements AutoCloseable {
    private final SshServer server;
    private final CloseableExecutorService commands = ThreadUtils.newCachedThreadPool("mina-bench-command");

    public MinaBenchServer(BenchFiles files, String bind, int port) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost(bind);
        server.setPort(port);
        server.setKeyPairProvider(new FileKeyPairProvider(files.hostKey()));
        server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(files.authorizedKeys()));
        server.setCommandFactory((channel, line) -> command(line));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(files.sftpRoot()));
        server.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getHost(), server.getPort());
    }

    private Command command(String line) {
        long length = BenchCommands.sourceLength(line);
        if (length >= 0) {
            return new BenchCommand(line, ThreadUtils.noClose(commands), out -> {
                byte[] zeros = new byte[BenchCommands.CHUNK];
                for (long left = length; left > 0; left -= zeros.length) {
                    out.write(zeros, 0, (int) Math.min(left, zeros.length));
                }
                out.flush();
            });
        }
        return switch (line) {
            case "true" -> new BenchCommand(line, ThreadUtils.noClose(commands), out -> { });
            case "sink" -> new BenchCommand(line, ThreadUtils.noClose(commands), null);
            default -> throw new IllegalArgumentException("unknown bench command " + line);
        };
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        commands.shutdownNow();
    }

    /** Writes what it writes, or (with no writer) reads stdin to EOF; then exits with status 0. */
    private static final class BenchCommand extends AbstractCommandSupport {
        interface Writer {
            void write(OutputStream out) throws IOException;
        }

        private final Writer writer;

        BenchCommand(String command, CloseableExecutorService executor, Writer writer) {
            super(command, executor);
            this.writer = writer;
        }

        @Override
        public void run() {
            try {
                if (writer != null) {
                    writer.write(getOutputStream());
                } else {
                    byte[] buffer = new byte[BenchCommands.CHUNK];
                    InputStream in = getInputStream();
                    while (in.read(buffer) >= 0) {
                        // discard
                    }
                }
                onExit(0);
            } catch (IOException e) {
                onExit(1, e.getMessage());
            }
        }
    }
}
