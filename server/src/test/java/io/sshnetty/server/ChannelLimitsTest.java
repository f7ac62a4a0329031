package io.sshnetty.server;

import io.sshnetty.connection.session.Command;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.transport.keys.EcdsaPublicKey;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.keys.PublicKeys;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The builder's window and packet sizes reach the wire, and values the protocol cannot work with are refused. */
class ChannelLimitsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void channelWindowAndPacketSizeAreWhatTheServerAnnounces() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair userKey = generator.generateKeyPair();
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, PublicKeys.format(
                EcdsaPublicKey.of(NistCurve.P256, ((ECPublicKey) userKey.getPublic()).getW()), "mina") + "\n");
        int window = 384 * 1024;
        int packet = 8 * 1024;
        try (SshServer server = SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .exec(request -> Command.process(io -> {
                    io.stdin().transferTo(io.stdout());
                    return 0;
                }))
                .channelLimits(window, packet)
                .maxPacketLength(64 * 1024)
                .build();
             SshClient client = SshClient.setUpDefaultClient()) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            client.setServerKeyVerifier((session, remote, key) -> true);
            client.start();
            try (ClientSession session = client.connect("user", "127.0.0.1", address.getPort()).verify(TIMEOUT).getSession()) {
                session.addPublicKeyIdentity(userKey);
                session.auth().verify(TIMEOUT);
                try (ChannelExec exec = session.createExecChannel("cat")) {
                    exec.open().verify(TIMEOUT);
                    // CHANNEL_OPEN_CONFIRMATION's initial window and maximum packet size, as the client read them.
                    assertEquals(window, exec.getRemoteWindow().getMaxSize());
                    assertEquals(packet, exec.getRemoteWindow().getPacketSize());
                }
            }
        }
    }

    @Test
    void limitsTheProtocolCannotWorkWithAreRefusedWhenSet() {
        SshServer.Builder builder = SshServer.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.maxPacketLength(SshServer.MIN_PACKET_LENGTH - 1));
        assertThrows(IllegalArgumentException.class, () -> builder.channelLimits(64 * 1024, 512));
        assertThrows(IllegalArgumentException.class, () -> builder.channelLimits(16 * 1024, 32 * 1024));
        builder.maxPacketLength(SshServer.MIN_PACKET_LENGTH).channelLimits(32 * 1024, 32 * 1024);
    }
}
