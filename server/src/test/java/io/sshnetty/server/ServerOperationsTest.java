package io.sshnetty.server;

import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.channel.ChannelSummary;
import io.sshnetty.connection.session.Command;
import io.sshnetty.server.registry.ConnectionInfo;
import io.sshnetty.server.registry.ConnectionListener;
import io.sshnetty.server.registry.ConnectionState;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry, admission control, timeouts, the PROXY protocol, shutdown and JMX, with real clients. */
class ServerOperationsTest {
    @TempDir
    static Path dir;

    private static Path key;
    private static Path authorizedKeys;

    @BeforeAll
    static void keys() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
    }

    private static SshServer.Builder builder() {
        return SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .exec(request -> Command.process(io -> {
                    if (request.command().equals("sleep-ish")) {
                        Thread.sleep(2000);
                        return 0;
                    }
                    if (request.command().equals("stream")) {
                        byte[] chunk = new byte[32 * 1024];
                        while (true) {
                            io.stdout().write(chunk);
                        }
                    }
                    io.stdout().write((request.command() + "\n").getBytes(StandardCharsets.UTF_8));
                    return 0;
                }));
    }

    @Test
    void closesAStreamingConnectionByIdAndTheClientSeesTheReason() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (SshServer server = builder().connectionListener(recording(events)).build()) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
            Process streaming = new ProcessBuilder(client.argv(List.of("-o", "LogLevel=INFO")))
                    .command(withCommand(client.argv(List.of("-o", "LogLevel=INFO")), "stream"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve("streaming.err").toFile())
                    .start();
            // The channel is listed from its open on, its detail only once the exec request that follows has arrived.
            ConnectionInfo info = awaitListed(server, c -> c.state() == ConnectionState.OPEN && !c.channels().isEmpty()
                    && !c.channels().get(0).detail().isEmpty());
            assertEquals("user", info.user());
            assertEquals(List.of("publickey"), info.authMethods());
            assertTrue(info.clientIdentification().startsWith("SSH-2.0-OpenSSH"), info.clientIdentification());
            ChannelSummary channel = info.channels().get(0);
            assertEquals("session", channel.type());
            assertEquals("exec stream", channel.detail());
            assertTrue(server.registry().find(info.id()).toCompletableFuture().get(10, TimeUnit.SECONDS).isPresent());

            assertTrue(server.registry().close(info.id(), "maintenance window").toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertTrue(streaming.waitFor(30, TimeUnit.SECONDS), "the client ends when disconnected");
            assertEquals(255, streaming.exitValue());
            assertTrue(Files.readString(dir.resolve("streaming.err")).contains("maintenance window"),
                    Files.readString(dir.resolve("streaming.err")));
            assertTrue(server.registry().awaitClosed(info.id(), Duration.ofSeconds(5)));
            assertTrue(server.registry().list().toCompletableFuture().get(10, TimeUnit.SECONDS).isEmpty());
            assertFalse(server.registry().close(info.id(), "again").toCompletableFuture().get(5, TimeUnit.SECONDS));
            awaitEvent(events, "closed " + info.id() + " maintenance window");
            assertTrue(events.contains("opened " + info.id()), events.toString());
            assertTrue(events.contains("authenticated " + info.id() + " user"), events.toString());
            assertTrue(events.contains("channel-opened " + info.id() + " session"), events.toString());
        }
    }

    @Test
    void logContextCarriesConnectionAndUserOnTheEventLoopAndInCommands() throws Exception {
        SshServer.Builder builder = SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .exec(request -> {
                    String decided = org.slf4j.MDC.get(SshConnection.MDC_CONNECTION) + "/" + org.slf4j.MDC.get(SshConnection.MDC_USER);
                    return Command.process(io -> {
                        String running = org.slf4j.MDC.get(SshConnection.MDC_CONNECTION) + "/" + org.slf4j.MDC.get(SshConnection.MDC_USER);
                        io.stdout().write((decided + " " + running + " " + request.connectionId() + "\n").getBytes(StandardCharsets.UTF_8));
                        return 0;
                    });
                });
        try (SshServer server = builder.build()) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
            String[] words = client.run("mdc").stdoutText().trim().split(" ");
            String id = words[2];
            assertEquals(id + "/user", words[0], "while the handler decides, on the event loop");
            assertEquals(id + "/user", words[1], "while the command runs, on its own thread");
        }
    }

    @Test
    void oneServerListensOnSeveralAddresses() throws Exception {
        try (SshServer server = builder().build()) {
            InetSocketAddress first = server.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress second = server.bind(new InetSocketAddress("127.0.0.2", 0));
            assertEquals("first\n", new OpenSshClient(dir, first.getPort(), key).run("first").stdoutText());
            OpenSshClient.Result viaSecond = new OpenSshClient(dir, second.getPort(), key)
                    .run(List.of("-o", "HostName=127.0.0.2"), "second", null);
            assertEquals("second\n", viaSecond.stdoutText(), viaSecond.stderr());
            assertEquals(2, server.registry().totalConnections());
        }
    }

    @Test
    void listsConnectionsDuringKeyExchangeAndAuthenticationToo() throws Exception {
        try (SshServer server = builder().build(); Socket raw = new Socket()) {
            raw.connect(server.bind(loopback()));
            readLine(raw.getInputStream());
            ConnectionInfo info = awaitListed(server, c -> true);
            assertEquals(ConnectionState.KEX, info.state());
            assertEquals(null, info.user());
            assertEquals(raw.getLocalPort(), ((InetSocketAddress) info.remoteAddress()).getPort());
        }
    }

    @Test
    void closesOneChannelAndTheConnectionLives() throws Exception {
        try (SshServer server = builder().build()) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
            Process streaming = new ProcessBuilder(withCommand(client.argv(List.of()), "stream"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ConnectionInfo info = awaitListed(server, c -> !c.channels().isEmpty());
            int channel = info.channels().get(0).id();
            assertTrue(server.registry().closeChannel(info.id(), channel).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(streaming.waitFor(30, TimeUnit.SECONDS), "the session ends with its only channel");
        }
    }

    @Test
    void shutdownDisconnectsEveryoneWithTheReason() throws Exception {
        SshServer server = builder().build();
        OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(new ProcessBuilder(withCommand(client.argv(List.of("-o", "LogLevel=INFO")), "stream"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("shutdown-" + i).toFile()).start());
        }
        for (int i = 0; i < 400 && server.registry().listNow(Duration.ofSeconds(5)).stream()
                .filter(c -> !c.channels().isEmpty()).count() < 3; i++) {
            Thread.sleep(25);
        }
        assertTrue(server.shutdown("going down for upgrade", Duration.ofSeconds(10)));
        for (int i = 0; i < 3; i++) {
            assertTrue(clients.get(i).waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.readString(dir.resolve("shutdown-" + i)).contains("going down for upgrade"));
        }
    }

    @Test
    void excessUnauthenticatedConnectionsAreDroppedWhileALoginStillWorks() throws Exception {
        AdmissionControl admission = AdmissionControl.DEFAULT.withMaxStartups("3:100:3");
        try (SshServer server = builder().admission(admission).build()) {
            InetSocketAddress address = server.bind(loopback());
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket socket = new Socket();
                    socket.connect(address);
                    readLine(socket.getInputStream());
                    idle.add(socket);
                }
                awaitCount(server, 2);
                OpenSshClient.Result login = new OpenSshClient(dir, address.getPort(), key).run("logged-in");
                assertEquals("logged-in\n", login.stdoutText(), login.stderr());
                Socket third = new Socket();
                third.connect(address);
                idle.add(third);
                readLine(third.getInputStream());
                // Past MaxStartups the stalest unauthenticated connection (the oldest idle one) makes room,
                // rather than the newest being dropped at accept as sshd does.
                Socket excess = new Socket();
                excess.connect(address);
                idle.add(excess);
                excess.setSoTimeout(10_000);
                assertTrue(readLine(excess.getInputStream()).startsWith("SSH-2.0-sshnetty"), "the newcomer is served");
                idle.get(0).setSoTimeout(10_000);
                assertEquals(-1, idle.get(0).getInputStream().read(), "the stalest was dropped: just the close");
                awaitCount(server, 3);
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void proxyProtocolV2HeaderSetsTheRemoteAddress() throws Exception {
        try (SshServer server = builder().proxyProtocol("127.0.0.1/32").build(); Socket raw = new Socket()) {
            raw.connect(server.bind(loopback()));
            ByteBuffer header = ByteBuffer.allocate(28);
            header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
            header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
            header.put(new byte[] {(byte) 203, 0, 113, 7}).put(new byte[] {127, 0, 0, 1});
            header.putShort((short) 50123).putShort((short) 22);
            raw.getOutputStream().write(header.array());
            raw.getOutputStream().write("SSH-2.0-ProxiedClient\r\n".getBytes(StandardCharsets.US_ASCII));
            ConnectionInfo info = awaitListed(server, c -> c.clientIdentification() != null);
            assertEquals(new InetSocketAddress("203.0.113.7", 50123), info.remoteAddress());
        }
    }

    @Test
    void idleTimeoutEndsASilentConnection() throws Exception {
        try (SshServer server = builder().idleTimeout(Duration.ofMillis(800)).build(); Socket raw = new Socket()) {
            raw.connect(server.bind(loopback()));
            raw.setSoTimeout(15_000);
            InputStream in = raw.getInputStream();
            readLine(in);
            long start = System.nanoTime();
            while (in.read() >= 0) {
                // the server's KEXINIT, then its DISCONNECT; the socket then closes
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
            assertTrue(server.registry().size() <= 1);
        }
    }

    @Test
    void loginGraceTimeEndsAnUnauthenticatedConnection() throws Exception {
        try (SshServer server = builder().loginGraceTime(Duration.ofMillis(800)).build(); Socket raw = new Socket()) {
            raw.connect(server.bind(loopback()));
            raw.setSoTimeout(15_000);
            raw.getOutputStream().write("SSH-2.0-Silent\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = raw.getInputStream();
            while (in.read() >= 0) {
                // banner, KEXINIT, then DISCONNECT and the close
            }
            awaitCount(server, 0);
        }
    }

    @Test
    void keepalivesKeepAnAnsweringClientAndEndAFrozenOne() throws Exception {
        try (SshServer server = builder().keepalive(Duration.ofMillis(300), 2).build()) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
            // Quiet for seven intervals, but the client answers every keepalive: the command completes.
            OpenSshClient.Result quiet = client.run(List.of(), "sleep-ish", null);
            assertEquals(0, quiet.exitStatus(), quiet.stderr());
            Process frozen = new ProcessBuilder(withCommand(client.argv(List.of("-o", "LogLevel=INFO")), "stream"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("frozen.err").toFile()).start();
            ConnectionInfo info = awaitListed(server, c -> !c.channels().isEmpty());
            new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor();
            try {
                assertTrue(server.registry().awaitClosed(info.id(), Duration.ofSeconds(20)),
                        "a client that answers no keepalive is disconnected");
            } finally {
                new ProcessBuilder("kill", "-CONT", Long.toString(frozen.pid())).start().waitFor();
            }
            assertTrue(frozen.waitFor(30, TimeUnit.SECONDS));
            assertEquals(255, frozen.exitValue());
        }
    }

    @Test
    void jmxListsAndClosesConnections() throws Exception {
        try (SshServer server = builder().jmx("jmx-test").build()) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
            Process streaming = new ProcessBuilder(withCommand(client.argv(List.of()), "stream"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ConnectionInfo info = awaitListed(server, c -> !c.channels().isEmpty());
            MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.sshnetty:type=ConnectionRegistry,name=\"jmx-test\"");
            assertEquals(1, beans.getAttribute(name, "OpenConnections"));
            assertEquals(1L, beans.getAttribute(name, "Handshakes"));
            assertTrue((Long) beans.getAttribute(name, "BytesIn") > 0);
            assertEquals(1L, beans.getAttribute(name, "ChannelsOpened"));
            javax.management.openmbean.TabularData successes =
                    (javax.management.openmbean.TabularData) beans.getAttribute(name, "AuthSuccesses");
            assertEquals(1L, successes.get(new Object[] {"publickey"}).get("value"));
            String[] lines = (String[]) beans.invoke(name, "listConnections", new Object[0], new String[0]);
            assertEquals(1, lines.length);
            assertTrue(lines[0].startsWith(info.id()), lines[0]);
            assertEquals(Boolean.TRUE, beans.invoke(name, "closeConnection", new Object[] {info.id(), "via JMX"},
                    new String[] {String.class.getName(), String.class.getName()}));
            assertTrue(streaming.waitFor(30, TimeUnit.SECONDS));
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    private static List<String> withCommand(List<String> argv, String command) {
        List<String> full = new ArrayList<>(argv);
        full.add(command);
        return full;
    }

    private static ConnectionListener recording(List<String> events) {
        return new ConnectionListener() {
            @Override
            public void opened(SshConnection connection) {
                events.add("opened " + connection.id());
            }

            @Override
            public void authenticated(SshConnection connection, AuthenticatedUser user) {
                events.add("authenticated " + connection.id() + " " + user.user());
            }

            @Override
            public void channelOpened(SshConnection connection, ChannelSummary channel) {
                events.add("channel-opened " + connection.id() + " " + channel.type());
            }

            @Override
            public void closed(SshConnection connection, String reason) {
                events.add("closed " + connection.id() + " " + reason);
            }
        };
    }

    private static void awaitEvent(List<String> events, String event) throws InterruptedException {
        for (int i = 0; i < 200 && !events.contains(event); i++) {
            Thread.sleep(25);
        }
        assertTrue(events.contains(event), events.toString());
    }

    private static ConnectionInfo awaitListed(SshServer server, Predicate<ConnectionInfo> wanted) throws Exception {
        for (int i = 0; i < 400; i++) {
            for (ConnectionInfo info : server.registry().list().toCompletableFuture().get(10, TimeUnit.SECONDS)) {
                if (wanted.test(info)) {
                    return info;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no such connection listed: " + server.registry().listNow(Duration.ofSeconds(5)));
    }

    private static void awaitCount(SshServer server, int count) throws InterruptedException {
        for (int i = 0; i < 400 && server.registry().size() != count; i++) {
            Thread.sleep(25);
        }
        assertEquals(count, server.registry().size());
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
