package io.sshnetty.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's sshd, started by the tool on a free loopback port with its own configuration: the bench host
 * key and authorized_keys, no PAM, OpenSSH's sftp-server; it runs the bench commands through the shell
 * ({@link BenchCommands#forShell}). An sshd started by hand is a {@link RemoteTarget} instead.
 */
public final class OpenSshd implements Target {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    public static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

    private final Process process;
    private final int port;
    private final BenchFiles files;

    private OpenSshd(Process process, int port, BenchFiles files) {
        this.process = process;
        this.port = port;
        this.files = files;
    }

    public static boolean available() {
        return Files.isExecutable(SSHD);
    }

    public static OpenSshd start(BenchFiles files, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = files.dir().resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + files.hostKey(),
                "AuthorizedKeysFile " + files.authorizedKeys(),
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "MaxStartups " + ServerCommand.MAX_STARTUPS,
                "Subsystem sftp " + SFTP_SERVER,
                "LogLevel INFO",
                ""));
        Process process = new ProcessBuilder("bash", "-c", Machine.RAISE_OPEN_FILES + " exec " + SSHD + " -D -e -f " + Shell.quote(config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        OpenSshd sshd = new OpenSshd(process, port, files);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return sshd;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    sshd.close();
                    throw new IOException("sshd did not start; see " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public ServerKind kind() {
        return ServerKind.SSHD;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long cpuMillis() throws IOException {
        return ProcStat.cpuMillis(process.pid());
    }

    @Override
    public long rssBytes() throws IOException {
        return ProcStat.treePssBytes(process.pid());
    }

    @Override
    public long[] heapAndDirect() {
        return null;
    }

    @Override
    public String command(String benchCommand) {
        return BenchCommands.forShell(benchCommand);
    }

    @Override
    public String sftpPath(String name) {
        return files.sftpRoot().resolve(name).toString();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
