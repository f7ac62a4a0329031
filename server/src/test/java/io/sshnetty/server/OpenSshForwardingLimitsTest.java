package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.forwarding.DnsSettings;
import io.sshnetty.connection.internal.forwarding.ForwardingOptions;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.forwarding.ForwardingRequest;
import io.sshnetty.connection.forwarding.GatewayPorts;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forwarding that stays within its limits against the real OpenSSH client: the listener cap and no
 * listener outliving its connection, half-closed connections, loopback listeners by default, and host
 * names resolved without blocking the event loop, with the policy asked again about the address.
 */
class OpenSshForwardingLimitsTest {
    @TempDir
    static Path dir;

    private static final ExecutorService threads = Executors.newCachedThreadPool();
    private static final Pattern ALLOCATED = Pattern.compile("Allocated port (\\d+) for remote forward");
    private static Path key;
    private static ServerSocket echo;
    private static SshServer server;
    private static OpenSshClient client;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Files.copy(Path.of(key + ".pub"), dir.resolve("authorized_keys"));
        echo = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(OpenSshForwardingLimitsTest::serveEcho);
        ForwardingPolicy loopback = ForwardingPolicy.loopbackOnly();
        // Any listen address (GatewayPorts decides where it binds), loopback targets.
        server = builder().forwardingPolicy(request -> request.kind() == ForwardingRequest.Kind.REMOTE_TCP
                || loopback.allows(request)).build();
        client = new OpenSshClient(dir, server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
    }

    private static SshServer.Builder builder() {
        return SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(dir.resolve("authorized_keys"), "user"))
                .exec(request -> Command.process(io -> 0));
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
    void stopProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void fortyRemoteForwardsOnOneConnectionGetTheCapAndNoneOutlivesIt() throws Exception {
        List<String> options = new ArrayList<>(List.of("-N", "-o", "LogLevel=INFO"));
        for (int i = 0; i < 40; i++) {
            options.addAll(List.of("-R", "localhost:0:127.0.0.1:" + (20000 + i)));
        }
        Process ssh = start(client, options);
        String log = awaitLog(ssh, text -> count(text, "Allocated port") + count(text, "remote port forwarding failed") >= 40);
        List<Integer> ports = allocatedPorts(log);
        assertEquals(ForwardingOptions.DEFAULT_MAX_LISTENERS, ports.size(), log);
        assertEquals(40 - ForwardingOptions.DEFAULT_MAX_LISTENERS, count(log, "remote port forwarding failed"), log);
        for (int port : ports) {
            assertTrue(listening(port), "port " + port + " was granted");
        }
        ssh.destroy();
        assertTrue(ssh.waitFor(10, TimeUnit.SECONDS));
        for (int i = 0; i < 200 && ports.stream().anyMatch(OpenSshForwardingLimitsTest::listening); i++) {
            Thread.sleep(50);
        }
        for (int port : ports) {
            assertFalse(listening(port), "port " + port + " still listens after the connection ended");
        }
    }

    /**
     * Two port-0 remote forwards, through paramiko (OpenSSH's client cancels only through a control
     * socket): each has its own listener, and cancel-tcpip-forward by the bound port closes that one only.
     */
    @Test
    void cancelByTheBoundPortClosesThatPortZeroForwardOnly() throws Exception {
        String script = String.join("\n",
                "import sys, paramiko",
                "t = paramiko.Transport(('127.0.0.1', int(sys.argv[1])))",
                "t.connect(username='user', pkey=paramiko.Ed25519Key.from_private_key_file(sys.argv[2]))",
                "a = t.request_port_forward('localhost', 0)",
                "b = t.request_port_forward('localhost', 0)",
                "t.cancel_port_forward('localhost', a)",
                "print(a, b, flush=True)",
                "sys.stdin.readline()",
                "t.close()");
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, Integer.toString(client.port()), key.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(python);
        String[] ports = new java.io.BufferedReader(new java.io.InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8)).readLine().trim().split(" ");
        int cancelled = Integer.parseInt(ports[0]);
        int kept = Integer.parseInt(ports[1]);
        for (int i = 0; i < 100 && listening(cancelled); i++) {
            Thread.sleep(50);
        }
        assertFalse(listening(cancelled), "the cancelled forward's port");
        assertTrue(listening(kept), "the other port-0 forward");
        python.getOutputStream().close();
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        for (int i = 0; i < 100 && listening(kept); i++) {
            Thread.sleep(50);
        }
        assertFalse(listening(kept), "no listener outlives its connection");
    }

    @Test
    void remoteForwardCarriesTheWholeReplyAfterTheSenderHalfCloses() throws Exception {
        int port = freePort();
        start(client, List.of("-N", "-o", "ExitOnForwardFailure=yes", "-R", port + ":127.0.0.1:" + echo.getLocalPort()));
        awaitListening(port);
        byte[] data = random(1024 * 1024);
        assertArrayEquals(data, sendThenHalfClose(port, data));
    }

    @Test
    void localForwardCarriesTheWholeReplyAfterTheSenderHalfCloses() throws Exception {
        int port = freePort();
        start(client, List.of("-N", "-o", "ExitOnForwardFailure=yes", "-L", port + ":127.0.0.1:" + echo.getLocalPort()));
        awaitListening(port);
        byte[] data = random(1024 * 1024);
        assertArrayEquals(data, sendThenHalfClose(port, data));
    }

    @Test
    void wildcardListenAddressBindsLoopbackUnlessGatewayPortsSaysOtherwise() throws Exception {
        Process ssh = start(client, List.of("-N", "-o", "LogLevel=INFO", "-R", "*:0:127.0.0.1:" + echo.getLocalPort()));
        int port = allocatedPorts(awaitLog(ssh, text -> text.contains("Allocated port"))).get(0);
        assertEquals("127.0.0.1", listenAddress(port));

        try (SshServer open = builder().forwardingPolicy(request -> true).gatewayPorts(GatewayPorts.CLIENT_SPECIFIED).build()) {
            OpenSshClient toOpen = new OpenSshClient(dir, open.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
            Process wildcard = start(toOpen, List.of("-N", "-o", "LogLevel=INFO", "-R", "*:0:127.0.0.1:" + echo.getLocalPort()));
            int everywhere = allocatedPorts(awaitLog(wildcard, text -> text.contains("Allocated port"))).get(0);
            assertEquals("0.0.0.0", listenAddress(everywhere));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void silentNameServerDelaysOnlyTheForwardThatAskedAndItFailsAfterTheTimeout() throws Exception {
        try (DatagramSocket blackhole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            threads.execute(() -> drop(blackhole));
            DnsSettings dns = new DnsSettings(List.of((InetSocketAddress) blackhole.getLocalSocketAddress()),
                    DnsSettings.DEFAULT_QUERY_TIMEOUT, Map.of());
            try (SshServer slow = builder().eventLoopThreads(1).forwardingDns(dns)
                    .forwardingLimits(ForwardingOptions.DEFAULT_MAX_LISTENERS, 4, Duration.ofSeconds(3))
                    .forwardingPolicy(request -> request.kind() == ForwardingRequest.Kind.LOCAL_TCP).build()) {
                OpenSshClient toSlow = new OpenSshClient(dir, slow.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
                long quiet = execNanos(toSlow)[1];
                int port = freePort();
                Process ssh = start(toSlow, List.of("-v", "-N", "-L", port + ":name.never.answered.test:80"));
                awaitListening(port);
                List<Socket> waiting = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    waiting.add(connect(port));
                }
                try {
                    // The slowest, not the median: a blocking lookup stalls the loop once, then its negative cache answers.
                    long busy = execNanos(toSlow)[2];
                    assertTrue(busy < 5 * quiet + TimeUnit.MILLISECONDS.toNanos(500),
                            "exec took up to " + busy / 1_000_000 + " ms with lookups pending, " + quiet / 1_000_000
                                    + " ms (median) without");
                    // Beyond the per-connection cap, lookups are refused at once.
                    String refused = awaitLog(ssh, text -> text.contains("too many host name lookups"));
                    assertTrue(refused.contains("too many host name lookups"), refused);
                    for (Socket socket : waiting) {
                        assertEquals(-1, socket.getInputStream().read(), "the forward ends when its lookup gives up");
                    }
                } finally {
                    for (Socket socket : waiting) {
                        socket.close();
                    }
                }
                String log = awaitLog(ssh, text -> text.contains("cannot resolve"));
                assertTrue(log.contains("open failed: connect failed: cannot resolve name.never.answered.test"), log);
                assertTrue(ssh.isAlive(), "the connection outlives a failed lookup");
            }
        }
    }

    @Test
    void policyIsAskedAgainAboutTheAddressANameResolvesTo() throws Exception {
        DnsSettings dns = new DnsSettings(List.of(), DnsSettings.DEFAULT_QUERY_TIMEOUT,
                Map.of("echo.test", InetAddress.getByName("127.0.0.1"), "rebound.test", InetAddress.getByName("192.0.2.1")));
        // Any name, as long as it leads to loopback.
        try (SshServer rebinding = builder().forwardingDns(dns).forwardingPolicy(request -> request.kind() == ForwardingRequest.Kind.LOCAL_TCP
                && (request.resolvedAddress() == null || request.resolvedAddress().isLoopbackAddress())).build()) {
            OpenSshClient toRebinding = new OpenSshClient(dir, rebinding.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
            int allowed = freePort();
            start(toRebinding, List.of("-N", "-L", allowed + ":echo.test:" + echo.getLocalPort()));
            awaitListening(allowed);
            byte[] data = random(64 * 1024);
            assertArrayEquals(data, sendThenHalfClose(allowed, data));

            int denied = freePort();
            Process ssh = start(toRebinding, List.of("-v", "-N", "-L", denied + ":rebound.test:" + echo.getLocalPort()));
            awaitListening(denied);
            try (Socket socket = connect(denied)) {
                assertEquals(-1, socket.getInputStream().read(), "the refused channel ends the local connection");
            }
            String log = awaitLog(ssh, text -> text.contains("open failed"));
            assertTrue(log.contains("open failed: administratively prohibited: rebound.test port " + echo.getLocalPort()
                    + " resolves to 192.0.2.1"), log);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** Three execs' times, sorted. */
    private static long[] execNanos(OpenSshClient to) throws Exception {
        long[] times = new long[3];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            OpenSshClient.Result result = to.run("true");
            times[i] = System.nanoTime() - started;
            assertEquals(0, result.exitStatus(), result.stderr());
        }
        Arrays.sort(times);
        return times;
    }

    private static byte[] sendThenHalfClose(int port, byte[] data) throws Exception {
        try (Socket socket = connect(port)) {
            Future<byte[]> reply = threads.submit(() -> socket.getInputStream().readAllBytes());
            OutputStream out = socket.getOutputStream();
            out.write(data);
            out.flush();
            socket.shutdownOutput();
            return reply.get(60, TimeUnit.SECONDS);
        }
    }

    private Process start(OpenSshClient to, List<String> options) throws IOException {
        Path log = Files.createTempFile(dir, "ssh", ".log");
        Process process = new ProcessBuilder(to.argv(options)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        LOGS.put(process, log);
        return process;
    }

    private static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String awaitLog(Process process, java.util.function.Predicate<String> done) throws Exception {
        String log = "";
        for (int i = 0; i < 600 && !done.test(log); i++) {
            Thread.sleep(50);
            log = Files.readString(LOGS.get(process));
        }
        return log;
    }

    private static List<Integer> allocatedPorts(String log) {
        List<Integer> ports = new ArrayList<>();
        Matcher matcher = ALLOCATED.matcher(log);
        while (matcher.find()) {
            ports.add(Integer.parseInt(matcher.group(1)));
        }
        return ports;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** The local address the listener on {@code port} is bound to, as {@code ss} reports it. */
    private static String listenAddress(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(ss.waitFor(10, TimeUnit.SECONDS));
        String[] fields = out.split("\\s+");
        assertTrue(fields.length >= 4, "ss: " + out);
        String address = fields[3].substring(0, fields[3].lastIndexOf(':')).replace("[", "").replace("]", "");
        // A dual-stack socket shows IPv4 addresses mapped, and every address as "*" or "::".
        return address.replace("::ffff:", "").replace("*", "0.0.0.0").replaceAll("^::$", "0.0.0.0");
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (listening(port)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] random(int length) {
        byte[] data = new byte[length];
        new SecureRandom().nextBytes(data);
        return data;
    }

    private static void drop(DatagramSocket socket) {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
            } catch (IOException closed) {
                return;
            }
        }
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

    /** Echoes until the peer's end of input, then closes. */
    private static void pipe(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the peer went away
        }
    }
}
