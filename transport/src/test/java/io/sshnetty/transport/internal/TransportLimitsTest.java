package io.sshnetty.transport.internal;

import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport's per-connection limits against a hostile peer: key exchange deadlines, writes held during
 * a key exchange, error replies before authentication, strict re-keys, and KEXINITs of pseudo-algorithms.
 */
class TransportLimitsTest {
    private static final TransportConfig CONFIG = TransportConfig.of("SSH-2.0-sshnetty_test",
            List.of(Ed25519HostKey.generate(new SecureRandom())));
    /** An unassigned transport message number (RFC 4250 §4.1.2): the server can only answer UNIMPLEMENTED. */
    private static final int UNASSIGNED = 8;

    private EmbeddedSshClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void firstKeyExchangeThatStallsEndsAtItsDeadline() {
        client = EmbeddedSshClient.connect(CONFIG.withLimits(
                TransportLimits.DEFAULT.withKexTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5))));
        client.exchangeIdentification();
        client.expect(MessageNumbers.KEXINIT, in -> { });
        client.sendKexInit(List.of("curve25519-sha256"), "ssh-ed25519");

        advance(19);
        assertTrue(client.serverChannel().isActive(), "still within the deadline");
        advance(2);
        assertDisconnected(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    @Test
    void reKeyThatStallsEndsAtItsShorterDeadline() {
        client = EmbeddedSshClient.connect(CONFIG.withLimits(
                TransportLimits.DEFAULT.withKexTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5))));
        client.keyExchange("aes128-gcm@openssh.com", null);
        advance(60);
        assertTrue(client.serverChannel().isActive(), "no deadline between key exchanges");

        client.sendKexInit(List.of("curve25519-sha256"), "ssh-ed25519");
        client.expect(MessageNumbers.KEXINIT, in -> { });
        advance(4);
        assertTrue(client.serverChannel().isActive());
        advance(2);
        assertDisconnected(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    @Test
    void writesHeldDuringAKeyExchangeAreBounded() {
        long cap = 256 * 1024;
        client = EmbeddedSshClient.connect(CONFIG.withRekeyLimits(1L << 30, Duration.ofMinutes(10))
                .withLimits(TransportLimits.DEFAULT.withMaxPendingOutputBytes(cap)));
        client.keyExchange("aes128-gcm@openssh.com", null);
        advance(600); // the server starts a re-key: from its KEXINIT on, higher-layer writes are held
        client.expect(MessageNumbers.KEXINIT, in -> { });

        byte[] chunk = new byte[16 * 1024];
        int written = 0;
        while (client.serverChannel().isActive() && written < 1000) {
            client.serverChannel().writeAndFlush(new Chunk(chunk));
            written++;
        }
        assertFalse(client.serverChannel().isActive(), "held writes grew past the cap without the connection ending");
        assertTrue(written * (long) chunk.length <= cap + 2L * chunk.length, "ended only after " + written + " writes");
    }

    @Test
    void unrecognisedMessagesBeforeAuthenticationEndTheConnectionAfterTheLimit() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.expect(MessageNumbers.KEXINIT, in -> { });
        for (int i = 0; i < TransportLimits.DEFAULT_MAX_PRE_AUTH_UNIMPLEMENTED; i++) {
            client.send(new RawMessage(UNASSIGNED, out -> { }));
            client.expect(MessageNumbers.UNIMPLEMENTED, in -> { });
        }
        client.send(new RawMessage(UNASSIGNED, out -> { }));
        assertDisconnected(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void upperLayersUnimplementedRepliesCountTowardsTheSameLimit() {
        client = EmbeddedSshClient.connect(CONFIG.withLimits(TransportLimits.DEFAULT.withMaxPreAuthUnimplemented(2)));
        client.keyExchange("aes128-gcm@openssh.com", null);
        for (int i = 0; i < 2; i++) {
            client.serverChannel().writeAndFlush(new io.sshnetty.transport.internal.message.Unimplemented(i));
            client.expect(MessageNumbers.UNIMPLEMENTED, in -> { });
        }
        client.serverChannel().writeAndFlush(new io.sshnetty.transport.internal.message.Unimplemented(3));
        assertDisconnected(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void anythingButKeyExchangeMessagesDuringAReKeyEndsTheConnection() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.sendKexInit(List.of("curve25519-sha256"), "ssh-ed25519");
        client.expect(MessageNumbers.KEXINIT, in -> { });
        client.send(new RawMessage(MessageNumbers.IGNORE, out -> Wire.writeBytes(out, new byte[8])));
        assertTrue(client.serverChannel().isActive(), "IGNORE is allowed during a key exchange (RFC 4253 §7.1)");
        client.send(new RawMessage(UNASSIGNED, out -> { }));
        assertDisconnected(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void kexInitNamingOnlyPseudoAlgorithmsFailsNegotiationCleanly() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.expect(MessageNumbers.KEXINIT, in -> { });
        client.sendKexInit(List.of("ext-info-c", "kex-strict-c-v00@openssh.com", "ext-info-s",
                "kex-strict-s-v00@openssh.com"), "ssh-ed25519");
        assertDisconnected(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    private void advance(int seconds) {
        client.serverChannel().advanceTimeBy(seconds, TimeUnit.SECONDS);
        client.serverChannel().runScheduledPendingTasks();
        client.serverChannel().runPendingTasks();
    }

    /** The next messages end with a DISCONNECT of {@code reason}, and the connection is closed. */
    private void assertDisconnected(DisconnectReason reason) {
        InboundPacket packet;
        while ((packet = client.receive()) != null) {
            try {
                if (packet.messageNumber() == MessageNumbers.DISCONNECT) {
                    Disconnect disconnect = Disconnect.decode(packet.content());
                    assertEquals(reason.code(), disconnect.reasonCode(), disconnect.description());
                    client.serverChannel().runPendingTasks();
                    assertFalse(client.serverChannel().isActive(), "closed after DISCONNECT");
                    return;
                }
            } finally {
                packet.release();
            }
        }
        assertNotNull(null, "no DISCONNECT sent");
    }

    /** A higher-layer message carrying {@code data}, as channel data would. */
    private record Chunk(byte[] data) implements io.sshnetty.transport.internal.wire.SshMessage {
        @Override
        public int messageNumber() {
            return MessageNumbers.CHANNEL_DATA;
        }

        @Override
        public void encode(io.netty.buffer.ByteBuf out) {
            out.writeByte(MessageNumbers.CHANNEL_DATA);
            Wire.writeBytes(out, data);
        }

        @Override
        public int estimatedSize() {
            return 5 + data.length;
        }
    }
}
