package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.cipher.Packets.Kind;

import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * aes*-gcm@openssh.com against Bouncy Castle's GCM over its own AES: pins the length as AAD, the nonce layout
 * and the invocation counter's increment, including its wrap from 2^64 - 1 to 0 (RFC 5647 §7.1).
 */
class AesGcmKnownAnswerTest {
    private static final long FIXED_FIELD = 0xcafebabeL;
    private static final long FIRST_INVOCATION = -3L; // 0xffff_ffff_ffff_fffd: wraps on the fourth packet

    static Stream<Arguments> algorithmsAndKinds() {
        return Stream.of(AesGcm.AES128_GCM, AesGcm.AES256_GCM)
                .flatMap(algorithm -> Stream.of(Kind.values()).map(kind -> Arguments.of(algorithm, kind)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("algorithmsAndKinds")
    void sealedBytesMatchBouncyCastleGcmAcrossInvocationCounterWrap(AesGcm algorithm, Kind kind) throws InvalidCipherTextException {
        Random random = new Random(algorithm.keyLength());
        byte[] key = Packets.randomBytes(random, algorithm.keyLength());
        byte[] iv = nonce(FIXED_FIELD, FIRST_INVOCATION);
        PacketCipher sealer = algorithm.create(true, key, iv, null, null);
        PacketCipher opener = algorithm.create(false, key, iv, null, null);
        long invocation = FIRST_INVOCATION;
        for (int packet = 0; packet < 6; packet++, invocation++) {
            byte[] plain = Packets.plainPacket(sealer, Packets.randomBytes(random, packet * 97), random);
            byte[] expected = bouncyCastleGcm(key, nonce(FIXED_FIELD, invocation), plain);
            ByteBuf wire = kind.allocate(plain.length);
            try {
                Packets.sealInto(sealer, packet, plain, wire, kind);
                byte[] sealed = new byte[wire.readableBytes()];
                wire.getBytes(0, sealed);
                assertArrayEquals(expected, sealed, "packet " + packet);
                assertArrayEquals(plain, Packets.openNext(opener, packet, wire));
            } finally {
                wire.release();
            }
        }
    }

    /**
     * The JCA ciphers are lent per thread (256 at a time): more connections than that, used in turn so that
     * each packet may find its cipher given to another connection, and a connection used from a second
     * thread, still produce Bouncy Castle's bytes packet after packet.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("algorithmsAndKinds")
    void sealedBytesMatchWhenMoreConnectionsThanLentCiphersTakeTurns(AesGcm algorithm, Kind kind) throws Exception {
        int connections = 300;
        Random random = new Random(7);
        byte[][] keys = new byte[connections][];
        PacketCipher[] sealers = new PacketCipher[connections];
        PacketCipher[] openers = new PacketCipher[connections];
        for (int c = 0; c < connections; c++) {
            keys[c] = Packets.randomBytes(random, algorithm.keyLength());
            sealers[c] = algorithm.create(true, keys[c], nonce(c, 0), null, null);
            openers[c] = algorithm.create(false, keys[c], nonce(c, 0), null, null);
        }
        for (int packet = 0; packet < 3; packet++) {
            for (int c = 0; c < connections; c++) {
                int connection = c;
                int invocation = packet;
                byte[] plain = Packets.plainPacket(sealers[c], Packets.randomBytes(random, 40 + c % 50), random);
                Runnable turn = () -> {
                    try {
                        byte[] expected = bouncyCastleGcm(keys[connection], nonce(connection, invocation), plain);
                        ByteBuf wire = kind.allocate(plain.length);
                        try {
                            Packets.sealInto(sealers[connection], invocation, plain, wire, kind);
                            byte[] sealed = new byte[wire.readableBytes()];
                            wire.getBytes(0, sealed);
                            assertArrayEquals(expected, sealed, "connection " + connection + ", packet " + invocation);
                            assertArrayEquals(plain, Packets.openNext(openers[connection], invocation, wire));
                        } finally {
                            wire.release();
                        }
                    } catch (InvalidCipherTextException e) {
                        throw new AssertionError(e);
                    }
                };
                if (packet == 1 && c % 100 == 0) {
                    Thread other = new Thread(turn);
                    AtomicReference<Throwable> failure = new AtomicReference<>();
                    other.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
                    other.start();
                    other.join();
                    assertNull(failure.get());
                } else {
                    turn.run();
                }
            }
        }
    }

    private static byte[] nonce(long fixed, long invocation) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 4; i++) {
            nonce[i] = (byte) (fixed >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (invocation >>> (56 - 8 * i));
        }
        return nonce;
    }

    private static byte[] bouncyCastleGcm(byte[] key, byte[] nonce, byte[] plain) throws InvalidCipherTextException {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), 128, nonce));
        gcm.processAADBytes(plain, 0, 4);
        byte[] wire = new byte[4 + gcm.getOutputSize(plain.length - 4)];
        System.arraycopy(plain, 0, wire, 0, 4);
        int written = gcm.processBytes(plain, 4, plain.length - 4, wire, 4);
        gcm.doFinal(wire, 4 + written);
        return wire;
    }
}
