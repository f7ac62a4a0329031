package io.sshnetty.transport.internal.cipher;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our Poly1305 against RFC 8439's vectors and, over every length and edge value, Bouncy Castle's. */
class Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final String ZEROS = "00000000000000000000000000000000";
    private static final String IETF_CONTRIBUTION = "416e79207375626d697373696f6e20746f20746865204945544620696e74656e6465642062"
            + "792074686520436f6e7472696275746f7220666f72207075626c69636174696f6e20617320616c6c206f722070617274206f66"
            + "20616e204945544620496e7465726e65742d4472616674206f722052464320616e6420616e792073746174656d656e74206d61"
            + "64652077697468696e2074686520636f6e74657874206f6620616e204945544620616374697669747920697320636f6e736964"
            + "6572656420616e20224945544620436f6e747269627574696f6e222e20537563682073746174656d656e747320696e636c7564"
            + "65206f72616c2073746174656d656e747320696e20494554462073657373696f6e732c2061732077656c6c2061732077726974"
            + "74656e20616e6420656c656374726f6e696320636f6d6d756e69636174696f6e73206d61646520617420616e792074696d6520"
            + "6f7220706c6163652c207768696368206172652061646472657373656420746f";
    private static final String JABBERWOCKY = "2754776173206272696c6c69672c20616e642074686520736c6974687920746f7665"
            + "730a446964206779726520616e642067696d626c6520696e2074686520776162653a0a416c6c206d696d7379207765726520"
            + "74686520626f726f676f7665732c0a416e6420746865206d6f6d65207261746873206f757467726162652e";

    @Test
    void rfc8439Section252() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(HEX.parseHex("a8061dc1305136c6c22b8baf0c0127a9"), tag(key, ByteBuffer.wrap(message), 0, message.length));
    }

    /**
     * RFC 8439 Appendix A.3, vectors #1 to #11 (key = r then s): #5 to #11 are built so that h lands on or
     * just past p, or a product's carries run through every limb, in the final reduction.
     */
    @ParameterizedTest(name = "#{0}")
    @CsvSource({
        "1, " + ZEROS + ZEROS + ", " + ZEROS + ZEROS + ZEROS + ZEROS + ", " + ZEROS,
        "2, " + ZEROS + "36e5f6b5c5e06070f0efca96227a863e, " + IETF_CONTRIBUTION + ", 36e5f6b5c5e06070f0efca96227a863e",
        "3, 36e5f6b5c5e06070f0efca96227a863e" + ZEROS + ", " + IETF_CONTRIBUTION + ", f3477e7cd95417af89a6b8794c310cf0",
        "4, 1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0, " + JABBERWOCKY
                + ", 4541669a7eaaee61e708dc7cbcc5eb62",
        "5, 02000000000000000000000000000000" + ZEROS + ", ffffffffffffffffffffffffffffffff, 03000000000000000000000000000000",
        "6, 02000000000000000000000000000000ffffffffffffffffffffffffffffffff, 02000000000000000000000000000000, "
                + "03000000000000000000000000000000",
        "7, 01000000000000000000000000000000" + ZEROS + ", ffffffffffffffffffffffffffffffff"
                + "f0ffffffffffffffffffffffffffffff11000000000000000000000000000000, 05000000000000000000000000000000",
        "8, 01000000000000000000000000000000" + ZEROS + ", ffffffffffffffffffffffffffffffff"
                + "fbfefefefefefefefefefefefefefefe01010101010101010101010101010101, " + ZEROS,
        "9, 02000000000000000000000000000000" + ZEROS + ", fdffffffffffffffffffffffffffffff, faffffffffffffffffffffffffffffff",
        "10, 01000000000000000400000000000000" + ZEROS + ", e33594d7505e43b90000000000000000"
                + "3394d7505e4379cd0100000000000000" + ZEROS + "01000000000000000000000000000000, 14000000000000005500000000000000",
        "11, 01000000000000000400000000000000" + ZEROS + ", e33594d7505e43b90000000000000000"
                + "3394d7505e4379cd0100000000000000" + ZEROS + ", 13000000000000000000000000000000",
    })
    void rfc8439AppendixA3(int vector, String key, String message, String expected) {
        byte[] data = HEX.parseHex(message);
        assertArrayEquals(HEX.parseHex(expected), tag(HEX.parseHex(key), ByteBuffer.wrap(data), 0, data.length), "A.3 #" + vector);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 3).position(3).put(data);
        assertArrayEquals(HEX.parseHex(expected), tag(HEX.parseHex(key), direct, 3, data.length), "A.3 #" + vector + ", direct");
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

    /** Packet-sized messages, with all-ones data and keys keeping every limb at its largest. */
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

    /** Thousands of random keys, lengths 0..3000, odd offsets, heap and direct buffers. */
    @Test
    void agreesWithBouncyCastleOnRandomKeysLengthsAndOffsets() {
        Random random = new Random(1307);
        for (int round = 0; round < 4000; round++) {
            int length = random.nextInt(3001);
            int offset = 1 + 2 * random.nextInt(8);
            byte[] key = new byte[32];
            byte[] data = new byte[offset + length + random.nextInt(3)];
            random.nextBytes(key);
            random.nextBytes(data);
            byte[] expected = bouncyCastle(key, data, offset, length);
            String where = "round " + round + ", length " + length + ", offset " + offset;
            assertArrayEquals(expected, tag(key, ByteBuffer.wrap(data), offset, length), "heap, " + where);
            ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).clear();
            assertArrayEquals(expected, tag(key, direct, offset, length), "direct, " + where);
        }
    }

    /**
     * The limbs at their largest, around every block boundary up to 3000 bytes: r with every bit clamping
     * permits, s all ones (so adding s carries out of every word), messages all ones (so h runs close to p
     * and the final reduction's edge is crossed), each also against a random other half.
     */
    @Test
    void agreesWithBouncyCastleAtTheLargestLimbsAroundEveryBlockBoundary() {
        Random random = new Random(1308);
        byte[] largest = new byte[32];
        Arrays.fill(largest, (byte) 0xff);
        for (int blocks = 0; blocks <= 3000 / 16; blocks++) {
            for (int length = Math.max(0, 16 * blocks - 1); length <= 16 * blocks + 1; length++) {
                byte[] ones = new byte[length + 5];
                Arrays.fill(ones, (byte) 0xff);
                byte[] noise = new byte[length + 5];
                random.nextBytes(noise);
                byte[] randomKey = new byte[32];
                random.nextBytes(randomKey);
                byte[] largestR = randomKey.clone();
                Arrays.fill(largestR, 0, 16, (byte) 0xff);
                for (byte[] key : new byte[][] {largest, largestR, randomKey}) {
                    for (byte[] data : new byte[][] {ones, noise}) {
                        byte[] expected = bouncyCastle(key, data, 5, length);
                        assertArrayEquals(expected, tag(key, ByteBuffer.wrap(data), 5, length), "heap, length " + length);
                        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).clear();
                        assertArrayEquals(expected, tag(key, direct, 5, length), "direct, length " + length);
                    }
                }
            }
        }
    }

    /**
     * With r = 1 the blocks only add, so a message can steer h: 2^64, then a zero block, then
     * fffffffb·2^0 + ffffffff·2^64 + ffffffff·2^96 leave the limbs at h0 = 2^32 - 5, h2 = 0, h3 = 2^32 and
     * h4 = 3, i.e. h = 2^130 + 2^32 - 5. The final reduction's fold then carries out of h0 while h mod p
     * (2^32) stays below p: an implementation without its second carry pass got this wrong and passed
     * every other test here.
     */
    @Test
    void aFoldThatCarriesOutOfTheLowestLimbIsCarried() {
        byte[] message = new byte[48];
        message[8] = 1;
        byte[] last = HEX.parseHex("fbffffff00000000ffffffffffffffff");
        System.arraycopy(last, 0, message, 32, 16);
        byte[] key = new byte[32];
        key[0] = 1;
        assertArrayEquals(HEX.parseHex("00000000010000000000000000000000"), tag(key, ByteBuffer.wrap(message), 0, 48));
        Arrays.fill(key, 16, 32, (byte) 0xff);
        assertArrayEquals(bouncyCastle(key, message, 0, 48), tag(key, ByteBuffer.wrap(message), 0, 48));
    }

    /** A little-endian buffer stays little-endian, and a slice's indices are its own. */
    @Test
    void aLittleEndianBufferAndASliceAreRespected() {
        Random random = new Random(9);
        byte[] key = new byte[32];
        byte[] data = new byte[200];
        random.nextBytes(key);
        random.nextBytes(data);
        ByteBuffer buffer = ByteBuffer.allocateDirect(data.length).put(data).clear().order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(bouncyCastle(key, data, 0, 200), tag(key, buffer, 0, 200));
        assertEquals(ByteOrder.LITTLE_ENDIAN, buffer.order(), "byte order restored");
        ByteBuffer slice = ByteBuffer.wrap(data, 7, 150).slice();
        assertArrayEquals(bouncyCastle(key, data, 10, 140), tag(key, slice, 3, 140));
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
