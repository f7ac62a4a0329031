package io.sshnetty.transport.internal.kex;

import io.sshnetty.testing.ClientKeyAgreements;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.internal.message.KexInit;
import io.sshnetty.transport.internal.packet.PacketCodec;
import io.sshnetty.transport.packet.PacketListener;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A client value that is not a valid public value of its method ends the connection with
 * KEY_EXCHANGE_FAILED (RFC 4253 §11.1), for every method: wrong lengths, points off the curve, DH values
 * outside 1 &lt; e &lt; p−1, all-zero X25519 keys, and ML-KEM keys that fail the modulus check.
 */
class InvalidPeerValuesTest {
    /** Every method enabled, the finite-field ones too (they are not in the default offer). */
    private static final TransportConfig CONFIG = new TransportConfig("SSH-2.0-sshnetty_test",
            List.of(Ed25519HostKey.generate(new SecureRandom())),
            AlgorithmPreferences.defaults().withKex(KexAlgorithms.allNames()), PacketCodec.DEFAULT_MAX_PACKET_LENGTH,
            PacketListener.NONE);

    private EmbeddedSshClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    static Stream<Arguments> invalidInitValues() {
        BigInteger p2048 = DHStandardGroups.rfc3526_2048.getP();
        BigInteger p4096 = DHStandardGroups.rfc3526_4096.getP();
        BigInteger p8192 = DHStandardGroups.rfc3526_8192.getP();
        return Stream.of(
                Arguments.of("curve25519-sha256", "31 bytes", new byte[31]),
                Arguments.of("curve25519-sha256", "33 bytes", new byte[33]),
                Arguments.of("curve25519-sha256@libssh.org", "all zero", new byte[32]),
                Arguments.of("ecdh-sha2-nistp256", "point off the curve", offCurve("ecdh-sha2-nistp256")),
                Arguments.of("ecdh-sha2-nistp256", "compressed point", compressed("ecdh-sha2-nistp256")),
                Arguments.of("ecdh-sha2-nistp256", "64 bytes", new byte[64]),
                Arguments.of("ecdh-sha2-nistp256", "coordinates of all ones", allOnesPoint(32)),
                Arguments.of("ecdh-sha2-nistp256", "point (0, 0)", zeroPoint(32)),
                Arguments.of("ecdh-sha2-nistp384", "point off the curve", offCurve("ecdh-sha2-nistp384")),
                Arguments.of("ecdh-sha2-nistp384", "97 bytes of a P-384 point plus one", Arrays.copyOf(
                        ClientKeyAgreements.start("ecdh-sha2-nistp384").clientValue(), 98)),
                Arguments.of("ecdh-sha2-nistp521", "point off the curve", offCurve("ecdh-sha2-nistp521")),
                Arguments.of("ecdh-sha2-nistp521", "a P-256 point", ClientKeyAgreements.start("ecdh-sha2-nistp256").clientValue()),
                Arguments.of("diffie-hellman-group14-sha256", "e = 0", new byte[0]),
                Arguments.of("diffie-hellman-group14-sha256", "e = 1", BigInteger.ONE.toByteArray()),
                Arguments.of("diffie-hellman-group14-sha256", "e = p - 1", p2048.subtract(BigInteger.ONE).toByteArray()),
                Arguments.of("diffie-hellman-group14-sha256", "e = p", p2048.toByteArray()),
                Arguments.of("diffie-hellman-group14-sha256", "e negative", BigInteger.valueOf(-5).toByteArray()),
                Arguments.of("diffie-hellman-group16-sha512", "e = p - 1", p4096.subtract(BigInteger.ONE).toByteArray()),
                Arguments.of("diffie-hellman-group16-sha512", "e = 1", BigInteger.ONE.toByteArray()),
                Arguments.of("diffie-hellman-group18-sha512", "e = p + 1", p8192.add(BigInteger.ONE).toByteArray()),
                Arguments.of("diffie-hellman-group18-sha512", "e = 0", new byte[] {0}),
                Arguments.of("mlkem768x25519-sha256", "1215 bytes", new byte[1215]),
                Arguments.of("mlkem768x25519-sha256", "all-zero X25519 key", zeroX25519("mlkem768x25519-sha256")),
                Arguments.of("mlkem768x25519-sha256", "ML-KEM key failing the modulus check", mlkemOverModulus()),
                Arguments.of("sntrup761x25519-sha512", "1191 bytes", new byte[1191]),
                Arguments.of("sntrup761x25519-sha512@openssh.com", "all-zero X25519 key",
                        zeroX25519("sntrup761x25519-sha512@openssh.com")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidInitValues")
    void invalidClientValueFailsTheKeyExchange(String kex, String what, byte[] value) {
        startExchange(kex);
        client.send(new RawMessage(30, out -> Wire.writeBytes(out, value)));
        expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    static Stream<Arguments> invalidGroupExchanges() {
        return Stream.of(
                Arguments.of("min above max", new int[] {4096, 4096, 2048}, null),
                Arguments.of("n below min", new int[] {3072, 2048, 8192}, null),
                Arguments.of("no group that large", new int[] {9000, 9000, 10000}, null),
                Arguments.of("no group that small", new int[] {1024, 1024, 1536}, null),
                Arguments.of("e = 1", new int[] {2048, 2048, 2048}, BigInteger.ONE),
                Arguments.of("e = p - 1", new int[] {2048, 2048, 2048},
                        DHStandardGroups.rfc3526_2048.getP().subtract(BigInteger.ONE)));
    }

    @ParameterizedTest(name = "group exchange: {0}")
    @MethodSource("invalidGroupExchanges")
    void invalidGroupExchangeFailsTheKeyExchange(String what, int[] request, BigInteger e) {
        startExchange("diffie-hellman-group-exchange-sha256");
        client.send(new RawMessage(GroupExchangeKex.REQUEST, out -> {
            for (int bits : request) {
                out.writeInt(bits);
            }
        }));
        if (e != null) {
            client.expect(GroupExchangeKex.GROUP, in -> { });
            client.send(new RawMessage(GroupExchangeKex.INIT, out -> Wire.writeMpint(out, e)));
        }
        expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.sshnetty.transport.internal.kex.KeyExchangeMethodsTest#methods")
    void messageOfAnotherMethodIsAProtocolError(String kex) {
        startExchange(kex);
        client.send(new RawMessage(32, out -> Wire.writeBytes(out, new byte[32])));
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    private void startExchange(String kex) {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.receive().release();
        List<String> ciphers = List.of("aes128-gcm@openssh.com");
        List<String> macs = List.of("hmac-sha2-256");
        client.send(new KexInit(new byte[16], List.of(kex, "kex-strict-c-v00@openssh.com"), List.of("ssh-ed25519"),
                ciphers, ciphers, macs, macs, List.of("none"), List.of("none"), List.of(), List.of(), false));
    }

    private void expectDisconnect(DisconnectReason reason) {
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(reason.code(), Disconnect.decode(in).reasonCode()));
        client.serverChannel().runPendingTasks();
        assertFalse(client.serverChannel().isActive(), "connection should be closed");
    }

    private static byte[] offCurve(String kex) {
        byte[] point = ClientKeyAgreements.start(kex).clientValue();
        point[point.length - 1] ^= 1;
        return point;
    }

    private static byte[] compressed(String kex) {
        byte[] point = ClientKeyAgreements.start(kex).clientValue();
        point[0] = 2;
        return point;
    }

    private static byte[] allOnesPoint(int fieldLength) {
        byte[] point = new byte[1 + 2 * fieldLength];
        Arrays.fill(point, (byte) 0xff);
        point[0] = 4;
        return point;
    }

    private static byte[] zeroPoint(int fieldLength) {
        byte[] point = new byte[1 + 2 * fieldLength];
        point[0] = 4;
        return point;
    }

    private static byte[] zeroX25519(String kex) {
        byte[] value = ClientKeyAgreements.start(kex).clientValue();
        Arrays.fill(value, value.length - 32, value.length, (byte) 0);
        return value;
    }

    private static byte[] mlkemOverModulus() {
        byte[] value = ClientKeyAgreements.start("mlkem768x25519-sha256").clientValue();
        Arrays.fill(value, 0, 3, (byte) 0xff); // the first coefficients become 4095 > q = 3329
        return value;
    }
}
