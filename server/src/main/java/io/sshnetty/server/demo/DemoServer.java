package io.sshnetty.server.demo;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.server.CommandExecutors;
import io.sshnetty.server.SshServer;
import io.sshnetty.sftp.server.ScpExec;
import io.sshnetty.sftp.server.SftpSubsystem;
import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/** The demo server: exec through {@code /bin/sh -c}, SFTP, public keys from an authorized_keys file. */
@Command(name = "sshnetty-server", mixinStandardHelpOptions = true, version = "sshnetty " + SshServer.VERSION,
        description = "Runs the sshnetty demo SSH server.", sortOptions = false)
public final class DemoServer implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "2222", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--host-key", defaultValue = "${sys:user.home}/.sshnetty/ssh_host_ed25519_key",
            description = "Host key file; an ed25519 key in OpenSSH format is generated if it is missing "
                    + "(default: ${DEFAULT-VALUE}).")
    Path hostKey;

    @Option(names = "--authorized-keys", defaultValue = "${sys:user.home}/.ssh/authorized_keys",
            description = "authorized_keys file of the keys that may log in (default: ${DEFAULT-VALUE}).")
    Path authorizedKeys;

    @Option(names = "--sftp-root", description = "Confines SFTP and scp to this directory (default: the whole "
            + "file system, starting in the server user's home).")
    Path sftpRoot;

    /** A started demo server and what it printed about itself. */
    public record Running(SshServer server, InetSocketAddress address, String hostKeyFingerprint, ExecutorService pumps)
            implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            pumps.shutdownNow();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoServer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Running running = start(new DemoConfig(bind, port, hostKey, authorizedKeys, sftpRoot));
        System.out.println("Host key " + hostKey + ": " + running.hostKeyFingerprint());
        System.out.println("Listening on " + running.address().getAddress().getHostAddress() + " port "
                + running.address().getPort() + "; authorized keys from " + authorizedKeys);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "sshnetty-shutdown"));
        stopped.await();
        return 0;
    }

    /** SFTP and scp in {@code root}, or everywhere from the home directory when there is none. */
    private static SftpSubsystem sftp(Path root, ExecutorService workers) {
        SftpSubsystem.Builder sftp = SftpSubsystem.builder().executor(workers);
        return root != null ? sftp.root(root).build()
                : sftp.home(user -> System.getProperty("user.home")).build();
    }

    /** Starts the demo server as the command line would, for tests and embedding. */
    public static Running start(DemoConfig config) throws IOException, InterruptedException {
        OpenSshPrivateKeyFile.LoadedKey key = OpenSshPrivateKeyFile.loadOrGenerate(config.hostKey(), "sshnetty host key");
        ExecutorService pumps = CommandExecutors.create();
        SftpSubsystem sftp = sftp(config.sftpRoot(), pumps);
        SshServer server = SshServer.builder()
                .hostKey(key.hostKey())
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(config.authorizedKeys()))
                .exec(new ScpExec(sftp, new ShellExec(pumps)))
                .subsystem("sftp", sftp)
                .build();
        try {
            InetSocketAddress address = server.bind(new InetSocketAddress(config.bind(), config.port()));
            return new Running(server, address, Fingerprints.describe(key.hostKey().publicKey(), key.comment()), pumps);
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            pumps.shutdownNow();
            throw e;
        }
    }
}
