package io.sshnetty.demo;

import io.sshnetty.auth.AuthenticationPolicy;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.forwarding.ForwardingRequest;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.auth.publickey.TrustedUserCaKeysAuthenticator;
import io.sshnetty.sftp.server.IdNames;
import io.sshnetty.sftp.server.ScpExec;
import io.sshnetty.sftp.server.SftpSettings;
import io.sshnetty.server.SshServer;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo server: exec through {@code /bin/sh -c} and the login shell, on a pseudo-terminal when asked for
 * one; public keys from an authorized_keys file; LANG and LC_* accepted from clients, as Debian's sshd does.
 */
@Command(name = "sshnetty-demo", mixinStandardHelpOptions = true, version = "sshnetty " + SshServer.VERSION,
        description = "Runs the sshnetty demo SSH server.", sortOptions = false)
public final class DemoServer implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "2222", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--host-key", description = "Host key file (ed25519, ECDSA or RSA; OpenSSH, PEM or PKCS#8 "
            + "format, unencrypted); may be given several times. A missing file gets a generated ed25519 key "
            + "(default: ~/.sshnetty/ssh_host_ed25519_key).")
    List<Path> hostKeys = new ArrayList<>();

    @Option(names = "--authorized-keys", defaultValue = "${sys:user.home}/.ssh/authorized_keys",
            description = "authorized_keys file of the keys that may log in (default: ${DEFAULT-VALUE}).")
    Path authorizedKeys;

    @Option(names = "--kex-algorithms", split = ",", paramLabel = "NAME",
            description = "Key exchange methods to offer, comma-separated, in order of preference (default: OpenSSH's "
                    + "order without the NIST-curve ECDH methods, which ssh-audit fails).")
    List<String> kexAlgorithms = new ArrayList<>();
    @Option(names = "--sftp-root", description = "Confines SFTP and scp to this directory (default: the server "
            + "user's home directory).")
    Path sftpRoot;

    @Option(names = "--admin", paramLabel = "USER",
            description = "A user who may run 'sshnetty connections' and 'sshnetty close ID [REASON]' (repeatable).")
    List<String> admins = new ArrayList<>();

    @Option(names = "--user", paramLabel = "NAME",
            description = "A user name the authorized_keys file lets in (repeatable); the server's own account and "
                    + "the admins always are.")
    List<String> users = new ArrayList<>();

    @Option(names = "--passwords", description = "File of user:password lines (mode 600) that enables password and "
            + "keyboard-interactive authentication for those users.")
    Path passwords;

    @Option(names = "--trusted-user-ca-keys", description = "File of CA public keys whose user certificates are "
            + "accepted for the principals they name (as sshd's TrustedUserCAKeys).")
    Path trustedUserCaKeys;

    @Option(names = "--banner", description = "File whose text clients show before authentication.")
    Path banner;

    @Option(names = "--auth-methods", description = "Chains of methods that authenticate, as sshd's AuthenticationMethods, "
            + "e.g. \"publickey,password publickey,keyboard-interactive\" (default: any one method).")
    String authMethods;

    /**
     * The demo offers the library's default key exchange methods (OpenSSH's order) without ecdh-sha2-nistp*:
     * ssh-audit fails the NIST curves, and every client that has them has curve25519 too.
     */
    static final List<String> DEMO_KEX = AlgorithmPreferences.defaults().kex().stream()
            .filter(name -> !name.startsWith("ecdh-sha2-nistp")).toList();

    /** A started demo server and what it printed about itself. */
    public record Running(SshServer server, InetSocketAddress address, List<String> hostKeyFingerprints, ExecutorService pumps)
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
        if (hostKeys.isEmpty()) {
            hostKeys.add(Path.of(System.getProperty("user.home"), ".sshnetty", "ssh_host_ed25519_key"));
        }
        Running running;
        DemoConfig config = new DemoConfig(bind, port, hostKeys, authorizedKeys, kexAlgorithms, passwords, trustedUserCaKeys,
                banner, authMethods, Set.copyOf(admins), sftpRoot, Set.copyOf(users));
        try {
            running = start(config);
        } catch (IllegalArgumentException unusable) { // an unusable key file (KeyFormatException) or algorithm name
            System.err.println("sshnetty-demo: " + unusable.getMessage());
            return 1;
        }
        for (int i = 0; i < hostKeys.size(); i++) {
            System.out.println("Host key " + hostKeys.get(i) + ": " + running.hostKeyFingerprints().get(i));
        }
        System.out.println("Listening on " + running.address().getAddress().getHostAddress() + " port "
                + running.address().getPort() + "; authorized keys from " + authorizedKeys + " for "
                + String.join(", ", config.accounts()));
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "sshnetty-shutdown"));
        running.server().awaitTermination();
        return 0;
    }

    /** SFTP and scp confined to {@code root}, or to the server user's home directory when there is none. */
    private static SftpSettings sftp(Path root) {
        // The demo's users share the server's account and have a shell: its account names are no secret to them.
        return SftpSettings.builder()
                .root(root != null ? root : Path.of(System.getProperty("user.home")))
                .idNames(IdNames.hostAccounts())
                .build();
    }

    /**
     * Loopback TCP forwarding for everyone; agent forwarding only for the user named as the account the demo
     * runs as. Every user's commands run as that one OS account, so a forwarded agent's socket would be
     * usable by every other user's commands (the socket's owner is that account): only the account's own
     * user may put an agent there.
     */
    static ForwardingPolicy demoForwarding(String osUser) {
        ForwardingPolicy loopback = ForwardingPolicy.loopbackOnly();
        return request -> request.kind() == ForwardingRequest.Kind.AGENT ? osUser.equals(request.user())
                : loopback.allows(request);
    }

    /** Starts the demo server as the command line would, for tests and embedding. */
    public static Running start(DemoConfig config) throws IOException, InterruptedException {
        SshServer.Builder builder = SshServer.builder();
        List<String> fingerprints = new ArrayList<>();
        for (Path file : config.hostKeys()) {
            OpenSshPrivateKeyFile.LoadedKey key = OpenSshPrivateKeyFile.loadOrGenerate(file, "sshnetty host key");
            builder.hostKey(key.hostKey());
            fingerprints.add(Fingerprints.describe(key.hostKey().publicKey(), key.comment()));
        }
        builder.algorithms(AlgorithmPreferences.defaults().withKex(
                config.kexAlgorithms().isEmpty() ? DEMO_KEX : config.kexAlgorithms()));
        // The key file lets in the users the demo was told about, not any name a client picks.
        PublicKeyAuthenticator keys = AuthorizedKeysAuthenticator.forFileSharedBy(config.authorizedKeys(), config.accounts());
        if (config.trustedUserCaKeys() != null) {
            keys = PublicKeyAuthenticator.firstOf(keys, TrustedUserCaKeysAuthenticator.forFile(config.trustedUserCaKeys()));
        }
        builder.publicKeyAuthenticator(keys);
        if (config.passwords() != null) {
            PasswordFile passwordFile = PasswordFile.read(config.passwords());
            builder.passwordAuthenticator(passwordFile)
                    .keyboardInteractiveAuthenticator(KeyboardInteractiveAuthenticator.password(passwordFile));
        }
        if (config.banner() != null) {
            builder.banner(Files.readString(config.banner()));
        }
        if (config.authMethods() != null) {
            builder.authenticationPolicy(AuthenticationPolicy.parse(config.authMethods()));
        }
        ExecutorService pumps = pumps();
        LocalProcesses processes = new LocalProcesses(pumps);
        SftpSettings sftp = sftp(config.sftpRoot());
        AtomicReference<SshServer> built = new AtomicReference<>();
        SshServer server;
        try {
            server = builder
                    .exec(new AdminCommands(new ScpExec(sftp, processes.exec()), config.admins(), () -> built.get().registry()))
                    .sftp(sftp)
                    .shell(processes.shell())
                    .acceptEnvironment(name -> name.equals("LANG") || name.startsWith("LC_"))
                    .forwardingPolicy(demoForwarding(System.getProperty("user.name")))
                    // The demo's one authorized_keys file is the operator's own, not a user-writable one.
                    .permitUserEnvironment(true)
                    .jmx("demo")
                    .build();
        } catch (RuntimeException e) {
            pumps.shutdownNow();
            throw e;
        }
        built.set(server);
        try {
            InetSocketAddress address = server.bind(new InetSocketAddress(config.bind(), config.port()));
            return new Running(server, address, List.copyOf(fingerprints), pumps);
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            pumps.shutdownNow();
            throw e;
        }
    }

    /**
     * The threads that copy a local process's stdin, stdout and stderr: three per command at most, four times
     * the server's default bound of 256 commands, made when needed and gone after a minute idle. Beyond the
     * bound a pump is refused, and the command with it.
     */
    private static ExecutorService pumps() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, 4 * 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "sshnetty-pump-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
