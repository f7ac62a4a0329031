package io.sshnetty.transport.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * OpenBSD's {@code bcrypt_pbkdf}, the key derivation of passphrase-protected {@code openssh-key-v1} files
 * (OpenSSH PROTOCOL.key, kdfname "bcrypt"): PBKDF2's structure with SHA-512 and a bcrypt-based hash as the
 * pseudo-random function, its output bytes spread across the key with a stride so that every block
 * contributes to every part of the key.
 *
 * <p>Written from the algorithm's description: Blowfish (Schneier, 1993) with the expensive key schedule
 * of bcrypt (Provos and Mazières, 1999). Blowfish's initial state is the fractional part of π in
 * hexadecimal, which is computed here once (Machin's formula) rather than tabled.
 */
final class BcryptPbkdf {
    private static final int P_WORDS = 18;
    private static final int S_WORDS = 4 * 256;
    /** Blowfish's initial P-array then S-boxes: the first 1042 32-bit words of π's fractional part. */
    private static final int[] PI_WORDS = piWords(P_WORDS + S_WORDS);
    /** bcrypt_hash encrypts this text, as OpenBSD's bcrypt_pbkdf does. */
    private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_LENGTH = 32;
    private static final int ROUNDS = 64;

    private BcryptPbkdf() {
    }

    /** Derives {@code length} bytes from {@code passphrase} and {@code salt} with {@code rounds} rounds. */
    static byte[] derive(byte[] passphrase, byte[] salt, int rounds, int length) {
        if (rounds < 1 || length < 1 || length > HASH_LENGTH * HASH_LENGTH) {
            throw new IllegalArgumentException("bcrypt_pbkdf: bad rounds or length");
        }
        MessageDigest sha512 = sha512();
        int stride = (length + HASH_LENGTH - 1) / HASH_LENGTH;
        int amount = (length + stride - 1) / stride;
        byte[] key = new byte[length];
        byte[] passHash = sha512.digest(passphrase);
        int remaining = length;
        for (int count = 1; remaining > 0; count++) {
            sha512.update(salt);
            sha512.update(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count});
            byte[] block = hash(passHash, sha512.digest());
            byte[] out = block.clone();
            for (int round = 1; round < rounds; round++) {
                block = hash(passHash, sha512.digest(block));
                for (int i = 0; i < out.length; i++) {
                    out[i] ^= block[i];
                }
            }
            int copied = 0;
            for (int i = 0; i < Math.min(amount, remaining); i++) {
                int dest = i * stride + (count - 1);
                if (dest >= length) {
                    break;
                }
                key[dest] = out[i];
                copied++;
            }
            remaining -= copied;
        }
        return key;
    }

    /** bcrypt_hash: the expensive key schedule keyed with both hashes, then the magic text encrypted 64 times. */
    static byte[] hash(byte[] passHash, byte[] saltHash) {
        Blowfish state = new Blowfish();
        state.expand(saltHash, passHash);
        for (int i = 0; i < ROUNDS; i++) {
            state.expand(null, saltHash);
            state.expand(null, passHash);
        }
        int[] words = new int[MAGIC.length / 4];
        int[] index = {0};
        for (int i = 0; i < words.length; i++) {
            words[i] = streamWord(MAGIC, index);
        }
        for (int i = 0; i < ROUNDS; i++) {
            for (int block = 0; block < words.length; block += 2) {
                state.encrypt(words, block);
            }
        }
        byte[] out = new byte[HASH_LENGTH];
        for (int i = 0; i < words.length; i++) {
            // bcrypt_pbkdf stores each word little-endian.
            out[4 * i] = (byte) words[i];
            out[4 * i + 1] = (byte) (words[i] >>> 8);
            out[4 * i + 2] = (byte) (words[i] >>> 16);
            out[4 * i + 3] = (byte) (words[i] >>> 24);
        }
        return out;
    }

    /** The next big-endian 32-bit word of {@code data}, read cyclically from {@code index[0]}. */
    private static int streamWord(byte[] data, int[] index) {
        int word = 0;
        for (int i = 0; i < 4; i++) {
            word = word << 8 | data[index[0]] & 0xff;
            index[0] = (index[0] + 1) % data.length;
        }
        return word;
    }

    /** Blowfish's state: the P-array and the four S-boxes, starting from π. */
    private static final class Blowfish {
        private final int[] p = Arrays.copyOf(PI_WORDS, P_WORDS);
        private final int[] s = Arrays.copyOfRange(PI_WORDS, P_WORDS, P_WORDS + S_WORDS);
        private final int[] block = new int[2];

        /**
         * bcrypt's key schedule step: XOR {@code key} into P cyclically, then replace P and S with
         * successive encryptions of a running block, into which {@code salt} (when not null) is XORed
         * cyclically before each encryption.
         */
        void expand(byte[] salt, byte[] key) {
            int[] keyIndex = {0};
            for (int i = 0; i < P_WORDS; i++) {
                p[i] ^= streamWord(key, keyIndex);
            }
            int[] saltIndex = {0};
            block[0] = 0;
            block[1] = 0;
            for (int i = 0; i < P_WORDS; i += 2) {
                next(salt, saltIndex);
                p[i] = block[0];
                p[i + 1] = block[1];
            }
            for (int i = 0; i < S_WORDS; i += 2) {
                next(salt, saltIndex);
                s[i] = block[0];
                s[i + 1] = block[1];
            }
        }

        private void next(byte[] salt, int[] saltIndex) {
            if (salt != null) {
                block[0] ^= streamWord(salt, saltIndex);
                block[1] ^= streamWord(salt, saltIndex);
            }
            encrypt(block, 0);
        }

        /** Encrypts the 64-bit block {@code words[at], words[at + 1]} in place: 16 Feistel rounds. */
        void encrypt(int[] words, int at) {
            int left = words[at] ^ p[0];
            int right = words[at + 1];
            for (int round = 1; round <= 16; round += 2) {
                right ^= f(left) ^ p[round];
                left ^= f(right) ^ p[round + 1];
            }
            words[at] = right ^ p[17];
            words[at + 1] = left;
        }

        private int f(int x) {
            return (s[x >>> 24] + s[256 | x >>> 16 & 0xff] ^ s[512 | x >>> 8 & 0xff]) + s[768 | x & 0xff];
        }
    }

    /** The first {@code count} 32-bit words of π's fractional part, from π = 16·atan(1/5) − 4·atan(1/239). */
    private static int[] piWords(int count) {
        int guard = 64;
        int bits = count * 32 + guard;
        BigInteger pi = inverseArctan(5, bits).shiftLeft(4).subtract(inverseArctan(239, bits).shiftLeft(2));
        BigInteger fraction = pi.shiftRight(guard).subtract(BigInteger.valueOf(3).shiftLeft(count * 32));
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = fraction.shiftRight((count - 1 - i) * 32).intValue();
        }
        return words;
    }

    /** atan(1/x) in fixed point with {@code bits} fraction bits (its Taylor series). */
    private static BigInteger inverseArctan(int x, int bits) {
        BigInteger xSquared = BigInteger.valueOf((long) x * x);
        BigInteger power = BigInteger.ONE.shiftLeft(bits).divide(BigInteger.valueOf(x));
        BigInteger sum = power;
        for (int k = 1; power.signum() != 0; k++) {
            power = power.divide(xSquared);
            BigInteger term = power.divide(BigInteger.valueOf(2L * k + 1));
            sum = (k & 1) == 1 ? sum.subtract(term) : sum.add(term);
        }
        return sum;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-512", e);
        }
    }
}
