package io.sshnetty.demo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.internal.BoundedExecutor;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.server.OpenSshClient;
import io.sshnetty.server.SshServer;
import io.sshnetty.sftp.server.SftpSubsystem;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.packet.PacketListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: captures the seed corpus of the connection module's fuzz targets from real OpenSSH sessions
 * (exec, a shell on a terminal with env, sftp, and ssh -A -L -R), as the server received them, decrypted.
 * Each connection-protocol payload (message numbers 80–100) of at most 2 KiB becomes a seed of
 * ConnectionMessagesFuzzTest#decode; each session's payloads in order, as two-byte-length frames, a seed of
 * ConnectionHandlerFuzzTest#messages. Run by hand:
 * {@code mvn -pl demo -am test -Dtest=ConnectionCorpusCapture -DexcludedTestGroups= -Dsshnetty.captureConnectionCorpus=$PWD/connection/src/test/resources/io/sshnetty/connection/internal}.
 */
class ConnectionCorpusCapture {
    private static final int MAX_SEED = 2048;

    @TempDir
    Path dir;

    private final List<byte[]> session = new ArrayList<>();

    @Test
    @Tag("seeds") // a seed writer, not a test: excluded from mvn test unless -DexcludedTestGroups= (docs/fuzzing.md)
    void captureOpenSshSessions() throws Exception {
        Path out = Path.of(System.getProperty("sshnetty.captureConnectionCorpus"));
        Path decodeSeeds = Files.createDirectories(out.resolve("message/ConnectionMessagesFuzzTestInputs/decode"));
        Path handlerSeeds = Files.createDirectories(out.resolve("ConnectionHandlerFuzzTestInputs/messages"));
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        Path root = Files.createDirectory(dir.resolve("root"));
        ExecutorService pumps = new BoundedExecutor("capture-pump", 32, 0);
        PacketListener listener = new PacketListener() {
            @Override
            public void inbound(int sequenceNumber, ByteBuf payload) {
                int number = payload.getUnsignedByte(payload.readerIndex());
                if (number >= 80 && number <= 100 && payload.readableBytes() <= MAX_SEED) {
                    synchronized (session) {
                        session.add(ByteBufUtil.getBytes(payload));
                    }
                }
            }
        };
        LocalProcesses processes = new LocalProcesses(pumps);
        SshServer server = SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .packetListener(listener)
                .exec(processes.exec())
                .shell(processes.shell())
                .subsystem("sftp", SftpSubsystem.builder().executor(pumps).root(root).build())
                .acceptEnvironment(name -> name.equals("LANG"))
                .forwardingPolicy(request -> true)
                .build();
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            pumps.execute(() -> serveEcho(echo));
            OpenSshClient client = new OpenSshClient(dir, server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
            client.run(List.of(), "echo hello; cat", "some input\n".getBytes(StandardCharsets.UTF_8));
            save("exec", decodeSeeds, handlerSeeds);
            client.run(List.of("-tt", "-o", "SendEnv=LANG"), null, "echo $LANG; stty size; exit 3\n".getBytes(StandardCharsets.UTF_8));
            save("pty-shell", decodeSeeds, handlerSeeds);
            sftp(client, key);
            save("sftp", decodeSeeds, handlerSeeds);
            forwardings(client, echo.getLocalPort());
            save("agent-local-remote", decodeSeeds, handlerSeeds);
        } finally {
            server.close();
            pumps.shutdownNow();
        }
    }

    private void sftp(OpenSshClient client, Path key) throws Exception {
        Path batch = dir.resolve("batch");
        Path file = Files.writeString(dir.resolve("small.txt"), "small file\n");
        Files.writeString(batch, "put " + file + " small.txt\nls -l\nget small.txt " + dir.resolve("back.txt") + "\nrm small.txt\n");
        List<String> argv = new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-P", Integer.toString(client.port()),
                "-F", "/dev/null", "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "user@127.0.0.1"));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** ssh -A -L -R with a command that uses all three: a connection through -L, one through -R, ssh-add -l. */
    private void forwardings(OpenSshClient client, int echoPort) throws Exception {
        Path agentSocket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(agentSocket); i++) {
                Thread.sleep(50);
            }
            int local = freePort();
            int remote = freePort();
            List<String> argv = client.argv(List.of("-A", "-o", "IdentityAgent=" + agentSocket, "-o", "ExitOnForwardFailure=yes",
                    "-L", local + ":127.0.0.1:" + echoPort, "-R", remote + ":127.0.0.1:" + echoPort));
            argv.add("ssh-add -l; sleep 3");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
            Process ssh = builder.start();
            for (int port : new int[] {local, remote}) {
                for (int i = 0; i < 100; i++) {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        OutputStream output = socket.getOutputStream();
                        output.write("ping\n".getBytes(StandardCharsets.UTF_8));
                        socket.shutdownOutput();
                        socket.getInputStream().readAllBytes();
                        break;
                    } catch (java.io.IOException notYet) {
                        Thread.sleep(50);
                    }
                }
            }
            ssh.getInputStream().readAllBytes();
            ssh.waitFor(60, TimeUnit.SECONDS);
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void save(String name, Path decodeSeeds, Path handlerSeeds) throws Exception {
        Thread.sleep(500);
        List<byte[]> payloads;
        synchronized (session) {
            payloads = new ArrayList<>(session);
            session.clear();
        }
        java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int index = 0;
        for (byte[] payload : payloads) {
            frames.write(payload.length >> 8);
            frames.write(payload.length);
            frames.write(payload);
            if (seen.add(java.util.HexFormat.of().formatHex(payload))) {
                Files.write(decodeSeeds.resolve(String.format("openssh-%s-%02d", name, index++)), payload);
            }
        }
        Files.write(handlerSeeds.resolve("openssh-" + name), frames.toByteArray());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void serveEcho(ServerSocket echo) {
        while (!echo.isClosed()) {
            try (Socket socket = echo.accept(); InputStream in = socket.getInputStream()) {
                socket.getOutputStream().write(in.readAllBytes());
            } catch (java.io.IOException closed) {
                return;
            }
        }
    }
}
