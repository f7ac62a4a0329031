package io.sshnetty.transport.internal.kex;

import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server starts a new key exchange itself after the configured volume or time (RFC 4253 §9). */
class RekeyTest {
    private static final TransportConfig CONFIG = TransportConfig.of("SSH-2.0-sshnetty_test",
            List.of(Ed25519HostKey.generate(new SecureRandom())));

    private EmbeddedSshClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void serverRekeysWhenTheKeysAreOld() {
        client = EmbeddedSshClient.connect(CONFIG.withRekeyLimits(1L << 30, Duration.ofMinutes(10)));
        client.keyExchange("curve25519-sha256", "ssh-ed25519", "aes128-gcm@openssh.com", null);
        byte[] sessionId = client.sessionId();

        client.serverChannel().advanceTimeBy(9, TimeUnit.MINUTES);
        client.serverChannel().runScheduledPendingTasks();
        assertNull(client.receive(), "no re-key before the time is up");
        client.serverChannel().advanceTimeBy(1, TimeUnit.MINUTES);
        client.serverChannel().runScheduledPendingTasks();

        // The client answers the server's KEXINIT; the second exchange keeps the session id.
        client.keyExchange("ecdh-sha2-nistp256", "ssh-ed25519", "chacha20-poly1305@openssh.com", null);
        assertTrue(Arrays.equals(sessionId, client.sessionId()));
        assertSpeaksUnderNewKeys();
    }

    @Test
    void serverRekeysAfterTheConfiguredVolume() {
        client = EmbeddedSshClient.connect(CONFIG.withRekeyLimits(64 * 1024, Duration.ofHours(1)));
        client.keyExchange("curve25519-sha256", "ssh-ed25519", "aes256-ctr", "hmac-sha2-256-etm@openssh.com");
        byte[] filler = new byte[16 * 1024];
        for (int i = 0; i < 3; i++) {
            client.send(new RawMessage(MessageNumbers.IGNORE, out -> Wire.writeBytes(out, filler)));
        }
        assertNull(client.receive(), "no re-key below the limit");
        client.send(new RawMessage(MessageNumbers.IGNORE, out -> Wire.writeBytes(out, filler)));

        client.keyExchange("curve25519-sha256", "ssh-ed25519", "aes256-ctr", "hmac-sha2-256-etm@openssh.com");
        assertSpeaksUnderNewKeys();
        // The count starts again under the new keys.
        client.send(new RawMessage(MessageNumbers.IGNORE, out -> Wire.writeBytes(out, filler)));
        InboundPacket next = client.receive();
        assertNull(next, "no second re-key right after the first");
    }

    private void assertSpeaksUnderNewKeys() {
        client.send(new RawMessage(15, out -> { }));
        client.expect(MessageNumbers.UNIMPLEMENTED, in -> { });
        assertTrue(client.serverChannel().isActive());
        assertFalse(client.serverChannel().outboundMessages().size() > 0, "nothing else was sent");
    }
}
