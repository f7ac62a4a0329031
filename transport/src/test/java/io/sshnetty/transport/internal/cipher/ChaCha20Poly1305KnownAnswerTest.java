package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.cipher.Packets.Kind;

import java.util.Arrays;
import java.util.Random;

import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * chacha20-poly1305@openssh.com against an independent construction from Bouncy Castle's original-variant
 * ChaCha20 (64-bit nonce = the sequence number, as OpenSSH uses it) and Poly1305: pins the key halves, the
 * nonce mapping onto the JDK's IETF ChaCha20 and the block counters.
 */
class ChaCha20Poly1305KnownAnswerTest {
    private static final int[] SEQUENCE_NUMBERS = {0, 1, 2, 0x7fffffff, 0x80000001, -1};

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sealedBytesMatchOriginalChaCha20WithPoly1305(Kind kind) {
        Random random = new Random(20);
        byte[] key = Packets.randomBytes(random, 64);
        PacketCipher sealer = ChaCha20Poly1305.INSTANCE.create(true, key, new byte[0], null, null);
        PacketCipher opener = ChaCha20Poly1305.INSTANCE.create(false, key, new byte[0], null, null);
        int payloadSize = 0;
        for (int sequence : SEQUENCE_NUMBERS) {
            byte[] plain = Packets.plainPacket(sealer, Packets.randomBytes(random, payloadSize), random);
            payloadSize = payloadSize * 4 + 61; // up to 20,801 bytes: past the 16 KiB a direct buffer is worked in
            byte[] expected = openSshChaChaPoly(key, sequence, plain);
            ByteBuf wire = kind.allocate(plain.length);
            try {
                Packets.sealInto(sealer, sequence, plain, wire, kind);
                byte[] sealed = new byte[wire.readableBytes()];
                wire.getBytes(0, sealed);
                assertArrayEquals(expected, sealed, "sequence number " + Integer.toUnsignedString(sequence));
                assertArrayEquals(plain, Packets.openNext(opener, sequence, wire));
            } finally {
                wire.release();
            }
        }
    }

    @Test
    void decryptLengthLeavesTheCiphertextInPlace() {
        Random random = new Random(21);
        byte[] key = Packets.randomBytes(random, 64);
        byte[] plain = Packets.plainPacket(ChaCha20Poly1305.INSTANCE.create(true, key, null, null, null),
                Packets.randomBytes(random, 30), random);
        byte[] wireBytes = openSshChaChaPoly(key, 5, plain);
        ByteBuf wire = Kind.DIRECT.allocate(wireBytes.length);
        try {
            wire.writeBytes(wireBytes);
            PacketCipher opener = ChaCha20Poly1305.INSTANCE.create(false, key, null, null, null);
            assertEquals(plain.length - 4, opener.decryptLength(5, wire));
            byte[] after = new byte[wireBytes.length];
            wire.getBytes(0, after);
            assertArrayEquals(wireBytes, after);
        } finally {
            wire.release();
        }
    }

    /** The JDK refuses to re-initialise ChaCha20 with its previous key and nonce; asking twice must still work. */
    @Test
    void decryptLengthAskedTwiceForOnePacketGivesTheSameLength() {
        Random random = new Random(22);
        byte[] key = Packets.randomBytes(random, 64);
        byte[] plain = Packets.plainPacket(ChaCha20Poly1305.INSTANCE.create(true, key, null, null, null),
                Packets.randomBytes(random, 30), random);
        ByteBuf wire = Kind.HEAP.allocate(plain.length + 16);
        try {
            wire.writeBytes(openSshChaChaPoly(key, 9, plain));
            PacketCipher opener = ChaCha20Poly1305.INSTANCE.create(false, key, null, null, null);
            assertEquals(plain.length - 4, opener.decryptLength(9, wire));
            assertEquals(plain.length - 4, opener.decryptLength(9, wire));
            assertArrayEquals(plain, Packets.openNext(opener, 9, wire));
        } finally {
            wire.release();
        }
    }

    /** PROTOCOL.chacha20poly1305, built from Bouncy Castle's primitives. */
    private static byte[] openSshChaChaPoly(byte[] key, int sequence, byte[] plain) {
        byte[] payloadKey = Arrays.copyOfRange(key, 0, 32); // K_2
        byte[] lengthKey = Arrays.copyOfRange(key, 32, 64); // K_1
        byte[] nonce = new byte[8];
        long sequence64 = Integer.toUnsignedLong(sequence);
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (sequence64 >>> (56 - 8 * i));
        }
        byte[] wire = new byte[plain.length + 16];

        ChaChaEngine lengthCipher = new ChaChaEngine();
        lengthCipher.init(true, new ParametersWithIV(new KeyParameter(lengthKey), nonce));
        lengthCipher.processBytes(plain, 0, 4, wire, 0);

        ChaChaEngine payloadCipher = new ChaChaEngine();
        payloadCipher.init(true, new ParametersWithIV(new KeyParameter(payloadKey), nonce));
        byte[] block0 = new byte[64];
        payloadCipher.processBytes(new byte[64], 0, 64, block0, 0);
        payloadCipher.processBytes(plain, 4, plain.length - 4, wire, 4);

        Poly1305 poly1305 = new Poly1305();
        poly1305.init(new KeyParameter(block0, 0, 32));
        poly1305.update(wire, 0, plain.length);
        poly1305.doFinal(wire, plain.length);
        return wire;
    }
}
