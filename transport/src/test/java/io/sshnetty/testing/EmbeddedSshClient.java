package io.sshnetty.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.transport.internal.BackPressureHandler;
import io.sshnetty.transport.internal.IdentificationHandler;
import io.sshnetty.transport.internal.ProtocolErrorHandler;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.TransportHandler;
import io.sshnetty.transport.internal.cipher.CipherAlgorithm;
import io.sshnetty.transport.internal.cipher.CipherAlgorithms;
import io.sshnetty.transport.internal.cipher.MacAlgorithm;
import io.sshnetty.transport.internal.cipher.MacAlgorithms;
import io.sshnetty.transport.internal.cipher.PacketCipher;
import io.sshnetty.transport.internal.kex.KexResult;
import io.sshnetty.transport.internal.kex.KeyDerivation;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.internal.message.ExtInfo;
import io.sshnetty.transport.internal.message.KexInit;
import io.sshnetty.transport.internal.message.NewKeys;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.internal.packet.PacketCodec;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A minimal SSH client written for tests against a server pipeline in an {@link EmbeddedChannel}: it
 * speaks through its own {@link PacketCodec} and computes the exchange hash itself, from RFC 4253 §8 and
 * RFC 8731, so the server's key exchange is checked against an independent computation.
 */
public final class EmbeddedSshClient {
    public static final String IDENTIFICATION = "SSH-2.0-EmbeddedSshClient_1.0";

    private final EmbeddedChannel server;
    private final EmbeddedChannel client = new EmbeddedChannel(new PacketCodec());
    private final PacketCodec clientCodec = client.pipeline().get(PacketCodec.class);
    private String serverIdentification;
    private byte[] sessionId;
    private byte[] clientKexInit;
    private byte[] hostKeyBlob;
    private Map<String, String> extensions = Map.of();
    private int[] groupExchangeRequest = {2048, 3072, 8192};
    private int groupBits;

    private EmbeddedSshClient(EmbeddedChannel server) {
        this.server = server;
    }

    /**
     * A server pipeline as {@code SshServer} builds it: identification, packets, transport, then
     * {@code upperLayers}, then errors; registered and active.
     */
    public static EmbeddedSshClient connect(TransportConfig config, ChannelHandler... upperLayers) {
        EmbeddedChannel server = new EmbeddedChannel(false, false);
        ConnectionState.attach(server);
        PacketCodec codec = new PacketCodec(config.maxPacketLength(), config.packetListener());
        server.pipeline().addLast("back-pressure", new BackPressureHandler(config.limits().maxPendingOutputBytes()));
        server.pipeline().addLast("identification", new IdentificationHandler(config.identification()));
        server.pipeline().addLast("packets", codec);
        server.pipeline().addLast("transport", new TransportHandler(config, codec));
        for (ChannelHandler handler : upperLayers) {
            server.pipeline().addLast(handler);
        }
        server.pipeline().addLast("errors", new ProtocolErrorHandler());
        try {
            server.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new EmbeddedSshClient(server);
    }

    public EmbeddedChannel serverChannel() {
        return server;
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** Reads the server's identification line and sends ours. */
    public String exchangeIdentification() {
        ByteBuf line = server.readOutbound();
        assertNotNull(line, "server sent no identification");
        try {
            serverIdentification = line.toString(StandardCharsets.US_ASCII).trim();
        } finally {
            line.release();
        }
        server.writeInbound(Unpooled.copiedBuffer(IDENTIFICATION + "\r\n", StandardCharsets.US_ASCII));
        return serverIdentification;
    }

    /** Sends a message to the server through the client's codec. */
    public void send(SshMessage message) {
        client.writeOutbound(message);
        ByteBuf bytes;
        while ((bytes = client.readOutbound()) != null) {
            server.writeInbound(bytes);
        }
    }

    /** Sends raw bytes to the server, bypassing the client's codec. */
    public void sendRaw(ByteBuf bytes) {
        server.writeInbound(bytes);
    }

    /** The next message the server sent, decoded by the client's codec; null if none. The caller releases it. */
    public InboundPacket receive() {
        // One server write at a time, as a real client handles one packet before it reads the next:
        // the keys it stages while handling a packet must be in place for the packet after it.
        InboundPacket packet = client.readInbound();
        ByteBuf bytes;
        while (packet == null && (bytes = server.readOutbound()) != null) {
            client.writeInbound(bytes);
            packet = client.readInbound();
        }
        return packet;
    }

    /** The next message, which must have {@code messageNumber}; handed to {@code check}, then released. */
    public void expect(int messageNumber, Consumer<ByteBuf> check) {
        InboundPacket packet = receive();
        assertNotNull(packet, "expected message " + messageNumber + ", got nothing");
        try {
            assertEquals(messageNumber, packet.messageNumber(), "message number");
            check.accept(packet.content());
        } finally {
            packet.release();
        }
    }

    /**
     * A complete curve25519-sha256 key exchange with the given cipher and MAC (null for AEAD), offering
     * strict KEX and ext-info; verifies the server's signature over an exchange hash computed here.
     */
    public void keyExchange(String cipherName, String macName) {
        keyExchange("curve25519-sha256", "ssh-ed25519", cipherName, macName);
    }

    /**
     * A complete key exchange by method {@code kex} with host key algorithm {@code hostKeyAlgorithm}, the
     * client's side computed by {@link ClientKeyAgreements} (for group exchange, a request for 2048 to 8192
     * bits, preferring 3072); verifies the server's signature over the exchange hash computed here.
     */
    public void keyExchange(String kex, String hostKeyAlgorithm, String cipherName, String macName) {
        byte[] serverKexInit = startKeyExchange(kex, hostKeyAlgorithm, cipherName, macName);
        ByteBuf hashed = Unpooled.buffer();
        byte[][] reply = new byte[3][];
        byte[] encodedSecret;
        String hash = ClientKeyAgreements.hashOf(kex);
        try {
            Wire.writeBytes(hashed, IDENTIFICATION.getBytes(StandardCharsets.US_ASCII));
            Wire.writeBytes(hashed, serverIdentification.getBytes(StandardCharsets.US_ASCII));
            Wire.writeBytes(hashed, clientKexInit);
            Wire.writeBytes(hashed, serverKexInit);
            ClientKeyAgreements.ClientHalf half;
            int replyNumber;
            byte[] groupFields = null;
            if (kex.equals("diffie-hellman-group-exchange-sha256")) {
                int[] request = groupExchangeRequest;
                // RFC 4419 §3: SSH_MSG_KEX_DH_GEX_REQUEST (34) with min, n, max, or the old request (30) with n.
                send(new RawMessage(request.length == 1 ? 30 : 34, out -> {
                    for (int bits : request) {
                        out.writeInt(bits);
                    }
                }));
                BigInteger[] group = new BigInteger[2];
                expect(31, in -> {
                    in.skipBytes(1);
                    group[0] = Wire.readMpint(in);
                    group[1] = Wire.readMpint(in);
                });
                groupBits = group[0].bitLength();
                ByteBuf fields = Unpooled.buffer();
                for (int bits : request) {
                    fields.writeInt(bits);
                }
                fields.writeBytes(ClientKeyAgreements.mpint(group[0]));
                fields.writeBytes(ClientKeyAgreements.mpint(group[1]));
                groupFields = ByteBufUtil.getBytes(fields);
                fields.release();
                half = ClientKeyAgreements.diffieHellman(group[0], group[1]);
                byte[] e = half.clientValue();
                send(new RawMessage(32, out -> Wire.writeBytes(out, e)));
                replyNumber = 33;
            } else {
                half = ClientKeyAgreements.start(kex);
                byte[] value = half.clientValue();
                send(new RawMessage(30, out -> Wire.writeBytes(out, value)));
                replyNumber = 31;
            }
            expect(replyNumber, in -> {
                in.skipBytes(1);
                reply[0] = Wire.readBytes(in);
                reply[1] = Wire.readBytes(in);
                reply[2] = Wire.readBytes(in);
            });
            Wire.writeBytes(hashed, reply[0]);
            if (groupFields != null) {
                hashed.writeBytes(groupFields);
            }
            Wire.writeBytes(hashed, half.clientValue());
            Wire.writeBytes(hashed, reply[1]);
            encodedSecret = half.encodedSharedSecret(reply[1]);
            hashed.writeBytes(encodedSecret);
        } catch (RuntimeException | AssertionError e) {
            hashed.release();
            throw e;
        }
        byte[] exchangeHash;
        try {
            MessageDigest digest = MessageDigest.getInstance(hash);
            digest.update(hashed.nioBuffer());
            exchangeHash = digest.digest();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            hashed.release();
        }
        SshPublicKey hostKey = PublicKeys.decode(reply[0]);
        hostKeyBlob = reply[0];
        assertTrue(verifyHostSignature(hostKey, hostKeyAlgorithm, exchangeHash, reply[2]),
                "host key signature over H does not verify");
        boolean first = sessionId == null;
        if (first) {
            sessionId = exchangeHash;
        }
        finishKeyExchange(new KexResult(encodedSecret, exchangeHash, hash), cipherName, macName, first);
    }

    /**
     * What the next group exchange asks for: {@code min, n, max} bits, or only {@code n} for the old request
     * (RFC 4419 §5). By default 2048, 3072, 8192.
     */
    public void groupExchangeRequest(int... bits) {
        groupExchangeRequest = bits.clone();
    }

    /** The size of the group the last group exchange got. */
    public int groupBits() {
        return groupBits;
    }

    /** The extensions of the server's EXT_INFO. */
    public Map<String, String> extensions() {
        return extensions;
    }

    /** The host key blob of the last key exchange. */
    public byte[] hostKeyBlob() {
        return hostKeyBlob.clone();
    }

    /** SHA-1 {@code ssh-rsa} is not among an RSA key's verified algorithms; check it directly with the JDK. */
    private static boolean verifyHostSignature(SshPublicKey key, String algorithm, byte[] data, byte[] blob) {
        if (!algorithm.equals("ssh-rsa")) {
            return key.verify(algorithm, data, blob);
        }
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            assertEquals("ssh-rsa", Wire.readAscii(in));
            byte[] signature = Wire.readBytes(in);
            ByteBuf keyBlob = Unpooled.wrappedBuffer(key.encoded());
            Wire.readAscii(keyBlob);
            BigInteger e = Wire.readMpint(keyBlob);
            BigInteger n = Wire.readMpint(keyBlob);
            keyBlob.release();
            Signature verifier = Signature.getInstance("SHA1withRSA");
            verifier.initVerify(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
            verifier.update(data);
            return verifier.verify(signature);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            in.release();
        }
    }

    /**
     * Sends a client KEXINIT naming {@code kexNames} as its key exchange methods (pseudo-algorithms
     * included as given), with {@code hostKeyAlgorithm} and AES-GCM; reads nothing.
     */
    public void sendKexInit(List<String> kexNames, String hostKeyAlgorithm) {
        List<String> cipher = List.of("aes128-gcm@openssh.com");
        List<String> mac = List.of("hmac-sha2-256");
        send(new KexInit(new byte[16], kexNames, List.of(hostKeyAlgorithm), cipher, cipher, mac, mac, List.of("none"),
                List.of("none"), List.of(), List.of(), false));
    }

    /** Reads the server's KEXINIT and sends ours, offering only {@code kex}; returns the server's payload. */
    private byte[] startKeyExchange(String kex, String hostKeyAlgorithm, String cipherName, String macName) {
        if (serverIdentification == null) {
            exchangeIdentification();
        }
        InboundPacket serverKexInitPacket = receive();
        assertNotNull(serverKexInitPacket, "server sent no KEXINIT");
        byte[] serverKexInit;
        try {
            assertEquals(MessageNumbers.KEXINIT, serverKexInitPacket.messageNumber());
            serverKexInit = ByteBufUtil.getBytes(serverKexInitPacket.content());
        } finally {
            serverKexInitPacket.release();
        }
        List<String> macs = macName == null ? List.of("hmac-sha2-256") : List.of(macName);
        KexInit ours = new KexInit(new byte[16],
                List.of(kex, "ext-info-c", "kex-strict-c-v00@openssh.com"), List.of(hostKeyAlgorithm),
                List.of(cipherName), List.of(cipherName), macs, macs, List.of("none"), List.of("none"), List.of(),
                List.of(), false);
        ByteBuf encoded = Unpooled.buffer();
        ours.encode(encoded);
        clientKexInit = ByteBufUtil.getBytes(encoded);
        encoded.release();
        send(ours);
        return serverKexInit;
    }

    private void finishKeyExchange(KexResult result, String cipherName, String macName, boolean first) {
        KeyDerivation keys = new KeyDerivation(result, sessionId);
        clientCodec.stageOutbound(cipher(keys, false, cipherName, macName), true);
        clientCodec.stageInbound(cipher(keys, true, cipherName, macName), true);
        expect(MessageNumbers.NEWKEYS, in -> { });
        send(NewKeys.INSTANCE);
        if (first) {
            expect(MessageNumbers.EXT_INFO, in -> extensions = ExtInfo.decode(in).extensions()); // RFC 8308 §2.4: first NEWKEYS only
        }
    }

    /** The same derivation as the server: letters A–F, RFC 4253 §7.2. */
    private static PacketCipher cipher(KeyDerivation keys, boolean serverToClient, String cipherName, String macName) {
        CipherAlgorithm cipher = CipherAlgorithms.byName(cipherName).orElseThrow();
        MacAlgorithm mac = cipher.isAead() ? null : MacAlgorithms.byName(macName).orElseThrow();
        byte[] iv = keys.derive(serverToClient ? 'B' : 'A', cipher.ivLength());
        byte[] key = keys.derive(serverToClient ? 'D' : 'C', cipher.keyLength());
        byte[] macKey = mac == null ? null : keys.derive(serverToClient ? 'F' : 'E', mac.keyLength());
        // The client encrypts what the server decrypts (client to server), and decrypts the rest.
        return cipher.create(!serverToClient, key, iv, mac, macKey);
    }

    public void close() {
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    /** Any message as a number and a writer of its fields. */
    public record RawMessage(int messageNumber, Consumer<ByteBuf> fields) implements SshMessage {
        @Override
        public void encode(ByteBuf out) {
            out.writeByte(messageNumber);
            fields.accept(out);
        }
    }
}
