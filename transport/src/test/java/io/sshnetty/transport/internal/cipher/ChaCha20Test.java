package io.sshnetty.transport.internal.cipher;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our ChaCha20 against Bouncy Castle's original-variant engine (64-bit nonce = the sequence number) and the
 * JDK's RFC 8439 one, over every length around the block and lane boundaries, heap and direct.
 */
class ChaCha20Test {
    private static final int[] SEQUENCE_NUMBERS = {0, 1, 0x7fffffff, 0x80000000, -1};

    @Test
    void agreesWithBouncyCastleOnShortAndLongRanges() {
        Random random = new Random(20);
        for (int length = 0; length <= 300; length++) {
            check(random, length, random.nextInt(), random.nextBoolean());
        }
        // Around the point where blocks are computed side by side (32 blocks), and past a full set of lanes (128).
        for (int length : new int[] {2047, 2048, 2049, 8191, 8192, 8193, 8256, 16_384 + 37, 40_000, 262_144 + 5}) {
            for (int sequence : SEQUENCE_NUMBERS) {
                check(random, length, sequence, true);
                check(random, length, sequence, false);
            }
        }
    }

    @Test
    void sequenceNumberIsTheNonceAsTheJdksRfc8439VariantSeesIt() throws Exception {
        Random random = new Random(21);
        byte[] key = bytes(random, 32);
        for (int sequence : SEQUENCE_NUMBERS) {
            for (int counter = 0; counter < 3; counter++) {
                byte[] data = bytes(random, 5000);
                // RFC 8439's nonce: the original counter's high word (zero), then the original 8-byte nonce.
                byte[] nonce = ByteBuffer.allocate(12).putInt(8, sequence).array();
                Cipher jdk = Cipher.getInstance("ChaCha20");
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
                byte[] expected = jdk.doFinal(data);
                ByteBuffer buffer = ByteBuffer.wrap(data);
                new ChaCha20(key, 0).xor(sequence, counter, buffer, 0, data.length);
                assertArrayEquals(expected, data, "sequence " + sequence + ", counter " + counter);
                assertEquals(ByteOrder.BIG_ENDIAN, buffer.order(), "byte order restored");
            }
        }
    }

    /** XORs {@code length} bytes at an odd offset, starting at block 1, and compares with Bouncy Castle. */
    private static void check(Random random, int length, int sequence, boolean direct) {
        byte[] key = bytes(random, 40);
        byte[] data = bytes(random, length + 11);
        ChaChaEngine reference = new ChaChaEngine();
        reference.init(true, new ParametersWithIV(new KeyParameter(key, 8, 32),
                ByteBuffer.allocate(8).putInt(4, sequence).array()));
        reference.skip(64);
        byte[] expected = data.clone();
        reference.processBytes(data, 11, length, expected, 11);

        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(data.length).put(data).clear() : ByteBuffer.wrap(data.clone());
        new ChaCha20(key, 8).xor(sequence, 1, buffer, 11, length);
        byte[] actual = new byte[data.length];
        buffer.get(0, actual);
        assertArrayEquals(expected, actual, (direct ? "direct" : "heap") + ", length " + length + ", sequence " + sequence);
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
