package io.sshnetty.demo;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.forwarding.ForwardingRequest;
import io.sshnetty.server.OpenSshClient;
import io.sshnetty.server.SshServer;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ssh -L and ssh -R, over TCP and Unix sockets, through the server's forwarding policy. */
class OpenSshForwardingTest {
    @TempDir
    static Path dir;

    private static final ExecutorService threads = Executors.newCachedThreadPool();
    private static SshServer server;
    private static OpenSshClient client;
    private static ServerSocket echo;
    private static Path echoSocket;
    private final List<Process> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        ForwardingPolicy loopback = ForwardingPolicy.loopbackOnly();
        server = SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .forwardingPolicy(request -> loopback.allows(request) || request.kind() == ForwardingRequest.Kind.AGENT
                        || request.path() != null && request.path().startsWith(dir.toString()))
                .exec(new LocalProcesses(threads).exec())
                .build();
        client = new OpenSshClient(dir, server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
        echo = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        threads.execute(() -> serveEcho());
        echoSocket = dir.resolve("echo.sock");
        ServerSocketChannel unixEcho = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        unixEcho.bind(UnixDomainSocketAddress.of(echoSocket));
        threads.execute(() -> serveUnixEcho(unixEcho));
    }

    @AfterAll
    static void stop() throws IOException {
        threads.shutdownNow();
        echo.close();
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        for (Process process : clients) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void localForwardCarriesAChecksummedStreamToAnEchoServer() throws Exception {
        int port = freePort();
        forward("-L", port + ":127.0.0.1:" + echo.getLocalPort());
        byte[] data = random(4 * 1024 * 1024);
        try (Socket socket = connect(port)) {
            assertArrayEquals(data, roundTrip(socket, data));
        }
    }

    @Test
    void remoteForwardBringsConnectionsBackToTheClientSide() throws Exception {
        int port = freePort();
        forward("-R", port + ":127.0.0.1:" + echo.getLocalPort());
        byte[] data = random(1024 * 1024);
        try (Socket socket = connect(port)) {
            assertArrayEquals(data, roundTrip(socket, data));
        }
    }

    @Test
    void localForwardToAUnixSocket() throws Exception {
        int port = freePort();
        forward("-L", port + ":" + echoSocket);
        byte[] data = random(256 * 1024);
        try (Socket socket = connect(port)) {
            assertArrayEquals(data, roundTrip(socket, data));
        }
    }

    @Test
    void remoteForwardFromAUnixSocket() throws Exception {
        Path listening = dir.resolve("remote.sock");
        forward("-R", listening + ":127.0.0.1:" + echo.getLocalPort());
        for (int i = 0; i < 100 && !Files.exists(listening); i++) {
            Thread.sleep(50);
        }
        byte[] data = random(256 * 1024);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(listening))) {
            Future<byte[]> read = threads.submit(() -> Channels.newInputStream(channel).readNBytes(data.length));
            channel.write(ByteBuffer.wrap(data));
            assertArrayEquals(data, read.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void forwardingOutsideThePolicyIsRefusedAndTheConnectionLives() throws Exception {
        int port = freePort();
        Process ssh = start(List.of("-v", "-N", "-L", port + ":forbidden.invalid:80"));
        awaitListening(port);
        try (Socket socket = connect(port)) {
            assertEquals(-1, socket.getInputStream().read(), "the refused channel ends the local connection");
        }
        String log = awaitLog(ssh, "administratively prohibited");
        assertTrue(log.contains("open failed: administratively prohibited"), log);
        assertTrue(ssh.isAlive(), "the connection outlives a refused forwarding");
    }

    @Test
    void agentForwardingReachesTheClientsAgent() throws Exception {
        Path agentSocket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(agentSocket); i++) {
                Thread.sleep(50);
            }
            Path agentKey = SshKeygen.newEd25519Key(dir, "agent_key", "held-by-the-agent");
            ProcessBuilder adding = new ProcessBuilder("ssh-add", agentKey.toString()).redirectErrorStream(true);
            adding.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
            Process add = adding.start();
            add.getInputStream().readAllBytes();
            assertEquals(0, add.waitFor());
            // -A forwards the IdentityAgent, which the test defaults set to none: name ours first (first wins).
            List<String> argv = client.argv(List.of("-A", "-o", "IdentityAgent=" + agentSocket));
            argv.add("ssh-add -l; test -S \"$SSH_AUTH_SOCK\" && echo socket-ok");
            ProcessBuilder forwarding = new ProcessBuilder(argv).redirectErrorStream(true);
            forwarding.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
            Process ssh = forwarding.start();
            String listed = new String(ssh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(ssh.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, ssh.exitValue(), listed);
            assertTrue(listed.contains("held-by-the-agent (ED25519)"), listed);
            assertTrue(listed.contains("socket-ok"), listed);
            OpenSshClient.Result without = client.run("ssh-add -l");
            assertEquals(2, without.exitStatus(), "without -A there is no agent: " + without.stdoutText());
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void forward(String flag, String spec) throws Exception {
        start(List.of("-N", "-o", "ExitOnForwardFailure=yes", flag, spec));
        if (flag.equals("-L")) {
            awaitListening(Integer.parseInt(spec.substring(0, spec.indexOf(':'))));
        } else if (!spec.startsWith("/")) {
            awaitListening(Integer.parseInt(spec.substring(0, spec.indexOf(':'))));
        }
    }

    private Process start(List<String> options) throws IOException {
        Path log = Files.createTempFile(dir, "ssh", ".log");
        Process process = new ProcessBuilder(client.argv(options)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        clients.add(process);
        LOGS.put(process, log);
        return process;
    }

    private static final java.util.Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String awaitLog(Process process, String text) throws Exception {
        String log = "";
        for (int i = 0; i < 200 && !log.contains(text); i++) {
            Thread.sleep(50);
            log = Files.readString(LOGS.get(process));
        }
        return log;
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] roundTrip(Socket socket, byte[] data) throws Exception {
        Future<byte[]> read = threads.submit(() -> socket.getInputStream().readNBytes(data.length));
        OutputStream out = socket.getOutputStream();
        out.write(data);
        out.flush();
        return read.get(60, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] random(int length) {
        byte[] data = new byte[length];
        new SecureRandom().nextBytes(data);
        return data;
    }

    private static void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                threads.execute(() -> pipe(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pipe(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the peer went away
        }
    }

    private static void serveUnixEcho(ServerSocketChannel listener) {
        while (listener.isOpen()) {
            try {
                SocketChannel channel = listener.accept();
                threads.execute(() -> {
                    try (channel) {
                        ByteBuffer buffer = ByteBuffer.allocate(65536);
                        while (channel.read(buffer) >= 0) {
                            buffer.flip();
                            while (buffer.hasRemaining()) {
                                channel.write(buffer);
                            }
                            buffer.clear();
                        }
                    } catch (IOException ignored) {
                        // the peer went away
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }
}
