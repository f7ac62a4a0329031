package io.sshnetty.server;

import io.netty.buffer.ByteBuf;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import io.sshnetty.transport.packet.PacketListener;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server re-keys on its own during a transfer with the real OpenSSH client (RFC 4253 §9). */
class OpenSshRekeyTest {
    @TempDir
    Path dir;

    @Test
    void serverRekeysRepeatedlyDuringA16MebibyteTransferWithoutLosingAByte() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub")));
        AtomicInteger newKeysSent = new AtomicInteger();
        PacketListener countNewKeys = new PacketListener() {
            @Override
            public void outbound(int sequenceNumber, ByteBuf payload) {
                if (payload.getUnsignedByte(payload.readerIndex()) == MessageNumbers.NEWKEYS) {
                    newKeysSent.incrementAndGet();
                }
            }
        };
        SshServer server = SshServer.builder()
                .hostKey(OpenSshPrivateKeyFile.loadOrGenerate(dir.resolve("host_key"), "host").hostKey())
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .rekeyLimits(1024 * 1024, Duration.ofHours(1))
                .packetListener(countNewKeys)
                .exec(request -> Command.process(io -> {
                    io.stdin().transferTo(io.stdout()); // an in-process cat
                    return 0;
                }))
                .build();
        try {
            int port = server.bind(new java.net.InetSocketAddress("127.0.0.1", 0)).getPort();
            byte[] data = new byte[16 * 1024 * 1024];
            new Random(9).nextBytes(data);

            OpenSshClient.Result result = new OpenSshClient(dir, port, key).run(List.of("-v"), "cat", data);

            assertEquals(0, result.exitStatus(), result.stderr());
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            assertArrayEquals(sha256.digest(data), sha256.digest(result.stdout()), "cat's output differs from its input");
            // 32 MiB cross the wire under keys that last 1 MiB. Data keeps flowing while an exchange runs, so how
            // many fit depends on the machine's load; even a loaded one fits the first exchange and 6 re-keys.
            assertTrue(newKeysSent.get() >= 7, "NEWKEYS sent " + newKeysSent.get() + " times");
            assertTrue(result.stderr().split("SSH2_MSG_NEWKEYS received", -1).length - 1 >= 7, result.stderr());
        } finally {
            server.close();
        }
    }
}
