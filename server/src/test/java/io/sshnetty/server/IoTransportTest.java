package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.forwarding.ForwardingRequest;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same server on each of Netty's transports this machine has: a round trip and a forwarded connection. */
class IoTransportTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void servesExecAndForwardingOnEveryTransport(IoTransport transport) throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
        try (SshServer server = SshServer.builder()
                .ioTransport(transport)
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .forwardingPolicy(request -> request.kind() == ForwardingRequest.Kind.LOCAL_TCP)
                .exec(request -> Command.process(io -> {
                    io.stdin().transferTo(io.stdout());
                    return 0;
                }))
                .build();
             ServerSocket target = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
            byte[] data = new byte[1024 * 1024];
            new SecureRandom().nextBytes(data);
            OpenSshClient.Result echoed = client.run(List.of(), "cat", data);
            assertEquals(0, echoed.exitStatus(), echoed.stderr());
            assertEquals(java.util.Arrays.hashCode(data), java.util.Arrays.hashCode(echoed.stdout()));

            int local;
            try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                local = free.getLocalPort();
            }
            Process forward = new ProcessBuilder(client.argv(List.of("-N", "-o", "ExitOnForwardFailure=yes",
                    "-L", local + ":127.0.0.1:" + target.getLocalPort()))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Socket through = null;
                for (int i = 0; i < 200 && through == null; i++) {
                    try {
                        through = new Socket("127.0.0.1", local);
                    } catch (java.net.ConnectException notYet) {
                        Thread.sleep(50);
                    }
                }
                try (Socket client1 = through; Socket arrived = target.accept()) {
                    client1.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("hello", new String(arrived.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                }
            } finally {
                forward.destroy();
                forward.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
