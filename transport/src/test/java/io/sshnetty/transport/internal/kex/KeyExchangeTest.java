package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.internal.message.Debug;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.internal.message.ExtInfo;
import io.sshnetty.transport.internal.message.Ignore;
import io.sshnetty.transport.internal.message.KexInit;
import io.sshnetty.transport.internal.message.Unimplemented;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's key exchange driven in-process by an independent test client. */
class KeyExchangeTest {
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(new SecureRandom());
    private static final TransportConfig CONFIG = TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY));

    private EmbeddedSshClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"chacha20-poly1305@openssh.com,", "aes128-gcm@openssh.com,", "aes128-ctr,hmac-sha2-256",
            "aes256-ctr,hmac-sha2-512-etm@openssh.com"})
    void completesCurve25519ExchangeAndSpeaksWithTheNewKeys(String cipher, String mac) {
        client = EmbeddedSshClient.connect(CONFIG);
        assertEquals("SSH-2.0-sshnetty_test", client.exchangeIdentification());
        client.keyExchange(cipher, mac);
        // An unknown transport message under the new keys is answered with UNIMPLEMENTED quoting its sequence number.
        // Strict KEX: the client's sequence numbers restart at zero after its NEWKEYS.
        for (int expected = 0; expected < 2; expected++) {
            int sequence = expected;
            client.send(new RawMessage(15, out -> { }));
            client.expect(MessageNumbers.UNIMPLEMENTED, in -> {
                in.skipBytes(1);
                assertEquals(sequence, in.readInt(), "sequence number quoted by UNIMPLEMENTED");
            });
        }
        assertTrue(client.serverChannel().isActive());
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheSameData() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.keyExchange("aes128-gcm@openssh.com", null);
        byte[] data = {1, 2, 3, 'p', 'i', 'n', 'g'};
        client.send(new RawMessage(MessageNumbers.PING, out -> Wire.writeBytes(out, data)));
        client.expect(MessageNumbers.PONG, in -> {
            in.skipBytes(1);
            assertArrayEquals(data, Wire.readBytes(in));
            assertFalse(in.isReadable());
        });
    }

    @Test
    void wellFormedIgnoreDebugUnimplementedAndClientExtInfoAskNothing() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.send(new Ignore(new byte[] {1, 2, 3}));
        client.send(new Debug(true, "hello", ""));
        client.send(new Unimplemented(7));
        client.send(new ExtInfo(Map.of("publickey-hostbound@openssh.com", "0")));
        assertNull(client.receive());
        assertTrue(client.serverChannel().isActive());
    }

    @ParameterizedTest
    @ValueSource(ints = {MessageNumbers.IGNORE, MessageNumbers.DEBUG, MessageNumbers.UNIMPLEMENTED, MessageNumbers.EXT_INFO,
            MessageNumbers.PING})
    void aMalformedTransportMessageIsAProtocolError(int number) {
        client = EmbeddedSshClient.connect(CONFIG);
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.send(new RawMessage(number, out -> out.writeShort(1))); // every one of them starts with a longer field
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void extInfoAnnouncesServerSigAlgsAndPing() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.keyExchange("aes128-gcm@openssh.com", null);
        assertEquals("0", client.extensions().get("ping@openssh.com"));
        assertEquals("ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256",
                client.extensions().get("server-sig-algs"));
    }

    @Test
    void serverOffersStrictKexAndExtInfo() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.expect(MessageNumbers.KEXINIT, in -> {
            KexInit init = KexInit.decode(in);
            assertTrue(init.kexAlgorithms().contains("kex-strict-s-v00@openssh.com"));
            assertTrue(init.kexAlgorithms().contains("ext-info-s"));
            assertEquals(List.of("ssh-ed25519"), init.serverHostKeyAlgorithms());
            assertFalse(init.firstKexPacketFollows());
        });
    }

    @Test
    void refusesAllZeroCurve25519PublicKey() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        client.send(clientKexInit());
        client.send(new RawMessage(30, out -> Wire.writeBytes(out, new byte[32])));
        expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    @Test
    void refusesCurve25519PublicKeyOfWrongLength() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        client.send(clientKexInit());
        client.send(new RawMessage(30, out -> Wire.writeBytes(out, new byte[31])));
        expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    @Test
    void noCommonCipherFailsTheKeyExchange() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        KexInit init = clientKexInit();
        client.send(new KexInit(init.cookie(), init.kexAlgorithms(), init.serverHostKeyAlgorithms(), List.of("3des-cbc"),
                List.of("3des-cbc"), init.macClientToServer(), init.macServerToClient(), init.compressionClientToServer(),
                init.compressionServerToClient(), List.of(), List.of(), false));
        expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    @Test
    void strictKexRefusesIgnoreBeforeKexInit() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        client.send(new RawMessage(MessageNumbers.IGNORE, out -> Wire.writeBytes(out, new byte[0])));
        client.send(clientKexInit());
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void wronglyGuessedFirstKexPacketIsIgnored() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        KexInit init = clientKexInit();
        // The client guesses a method the server does not prefer, and sends its guessed packet.
        client.send(new KexInit(init.cookie(), List.of("curve25519-sha256@libssh.org", "curve25519-sha256"),
                init.serverHostKeyAlgorithms(), init.encryptionClientToServer(), init.encryptionServerToClient(),
                init.macClientToServer(), init.macServerToClient(), init.compressionClientToServer(),
                init.compressionServerToClient(), List.of(), List.of(), true));
        client.send(new RawMessage(30, out -> Wire.writeBytes(out, new byte[32])));
        assertEquals(null, client.receive(), "the wrong guess must be ignored silently");
        assertTrue(client.serverChannel().isActive());
    }

    @Test
    void connectionMessagesBeforeKeyExchangeAreAProtocolError() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        client.send(new RawMessage(MessageNumbers.SERVICE_REQUEST, out -> Wire.writeAscii(out, "ssh-userauth")));
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void oversizedPacketLengthIsAProtocolError() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        ByteBuf packet = Unpooled.buffer();
        packet.writeInt(1024 * 1024);
        packet.writeZero(16);
        client.sendRaw(packet);
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    private void expectDisconnect(DisconnectReason reason) {
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(reason.code(), Disconnect.decode(in).reasonCode()));
        client.serverChannel().runPendingTasks();
        assertFalse(client.serverChannel().isActive(), "connection should be closed");
    }

    private static KexInit clientKexInit() {
        List<String> ciphers = List.of("aes128-gcm@openssh.com");
        List<String> macs = List.of("hmac-sha2-256");
        return new KexInit(new byte[16], List.of("curve25519-sha256", "kex-strict-c-v00@openssh.com"),
                List.of("ssh-ed25519"), ciphers, ciphers, macs, macs, List.of("none"), List.of("none"), List.of(),
                List.of(), false);
    }
}
