package io.sshnetty.transport.internal.cipher;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our Poly1305 against RFC 8439's vectors and, over every length and edge value, Bouncy Castle's. */
class Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc8439Section252() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(HEX.parseHex("a8061dc1305136c6c22b8baf0c0127a9"), tag(key, ByteBuffer.wrap(message), 0, message.length));
    }

    /** RFC 8439 A.3 #5 and #6: h reaches p and must be reduced before s is added. */
    @Test
    void resultsAtOrAbovePAreReduced() {
        byte[] key = new byte[32];
        key[0] = 2;
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 0xff);
        assertArrayEquals(HEX.parseHex("03000000000000000000000000000000"), tag(key, ByteBuffer.wrap(ones), 0, 16));

        byte[] keyWithS = key.clone();
        Arrays.fill(keyWithS, 16, 32, (byte) 0xff);
        byte[] two = new byte[16];
        two[0] = 2;
        assertArrayEquals(HEX.parseHex("03000000000000000000000000000000"), tag(keyWithS, ByteBuffer.wrap(two), 0, 16));
    }

    @Test
    void agreesWithBouncyCastleOnEveryLengthInHeapAndDirectBuffers() {
        Random random = new Random(1305);
        for (int length = 0; length <= 300; length++) {
            for (int round = 0; round < 4; round++) {
                byte[] key = new byte[32];
                byte[] data = new byte[length + 9];
                random.nextBytes(key);
                random.nextBytes(data);
                if (round == 3) {
                    Arrays.fill(key, (byte) 0xff); // the largest clamped r and s
                    Arrays.fill(data, (byte) 0xff);
                }
                byte[] expected = bouncyCastle(key, data, 9, length);
                assertArrayEquals(expected, tag(key, ByteBuffer.wrap(data), 9, length), "heap, length " + length);
                ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).clear();
                assertArrayEquals(expected, tag(key, direct, 9, length), "direct, length " + length);
            }
        }
    }

    /** Packet-sized messages, four blocks at a time, with all-ones data and keys keeping every limb at its largest. */
    @Test
    void agreesWithBouncyCastleOnLongMessages() {
        Random random = new Random(1306);
        for (int length : new int[] {1000, 16_384 + 13, 40_000, 262_144 + 15}) {
            for (boolean ones : new boolean[] {false, true}) {
                byte[] key = new byte[32];
                byte[] data = new byte[length];
                random.nextBytes(key);
                random.nextBytes(data);
                if (ones) {
                    Arrays.fill(key, (byte) 0xff);
                    Arrays.fill(data, (byte) 0xff);
                }
                ByteBuffer direct = ByteBuffer.allocateDirect(length).put(data).clear();
                assertArrayEquals(bouncyCastle(key, data, 0, length), tag(key, direct, 0, length), "length " + length);
            }
        }
    }

    @Test
    void keyAtAnOffsetAndTheBuffersByteOrderAreRespected() {
        Random random = new Random(7);
        byte[] keys = new byte[40];
        random.nextBytes(keys);
        byte[] data = new byte[100];
        random.nextBytes(data);
        ByteBuffer buffer = ByteBuffer.wrap(data);
        byte[] tag = new byte[16];
        Poly1305.tag(keys, 8, buffer, 0, data.length, tag);
        assertArrayEquals(bouncyCastle(Arrays.copyOfRange(keys, 8, 40), data, 0, data.length), tag);
        assertEquals(ByteOrder.BIG_ENDIAN, buffer.order(), "byte order restored");
    }

    private static byte[] tag(byte[] key, ByteBuffer data, int index, int length) {
        byte[] tag = new byte[16];
        Poly1305.tag(key, 0, data, index, length, tag);
        return tag;
    }

    private static byte[] bouncyCastle(byte[] key, byte[] data, int offset, int length) {
        org.bouncycastle.crypto.macs.Poly1305 mac = new org.bouncycastle.crypto.macs.Poly1305();
        mac.init(new KeyParameter(key));
        mac.update(data, offset, length);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        return tag;
    }
}
