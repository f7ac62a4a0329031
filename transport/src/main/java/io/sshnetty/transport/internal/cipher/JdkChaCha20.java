package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * K_2 of {@code chacha20-poly1305@openssh.com} (block 0 the Poly1305 key, blocks 1 on the payload) through the
 * JDK's RFC 8439 ChaCha20, which JDK 20 and later compile to AVX2/AVX-512 code: ≈ 4 GB/s on one core here
 * against ≈ 1 GB/s for {@link ChaCha20}. {@link ChaCha20Poly1305} chooses between the two.
 *
 * <p>The original ChaCha20 that OpenSSH uses has a 64-bit block counter and a 64-bit nonce (the sequence
 * number, big-endian); RFC 8439's has a 32-bit counter and a 96-bit nonce. For every packet the layouts
 * coincide: state word 12 is the block counter (a packet is far below 2^32 blocks), word 13 the counter's
 * high half, always 0, which RFC 8439 reads as the nonce's first four bytes, and words 14–15 the sequence
 * number. So the JDK's nonce is {@code 00 00 00 00 || uint64(sequence number)}, its counter 0.
 *
 * <p>The {@link Cipher} is not the connection's: each thread has one, initialised with the connection's key
 * and the packet's nonce for every packet (one init and one pass over block 0 and the payload), so an idle
 * connection holds only its 32-byte key (a {@code Cipher} per connection and direction would hold ≈ 1.4 kB on
 * JDK 25). Always in {@code DECRYPT_MODE}: ChaCha20 is its own inverse, and in {@code ENCRYPT_MODE} the JDK
 * refuses the key and nonce it was last initialised with, which a sealer and an opener with one key on one
 * thread (as in tests) would hit.
 */
final class JdkChaCha20 {
    private static final String ALGORITHM = "ChaCha20";
    /** SunJCE: the provider whose ChaCha20 is intrinsified, and whose update may work in place. */
    private static final String PROVIDER = "SunJCE";
    private static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 12;
    private static final int BLOCK = 64;
    /** A direct buffer's bytes pass through an array this big: a multiple of the block, small enough for L1/L2. */
    private static final int CHUNK = 16 * 1024;
    /** A nonce no packet uses (its first word, the original counter's high half, is never set). */
    private static final byte[] UNUSED_NONCE = {-1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final ThreadLocal<Keystream> KEYSTREAMS = ThreadLocal.withInitial(Keystream::new);

    private final SecretKeySpec key;

    /** The 32-byte key at {@code key[offset]}. */
    JdkChaCha20(byte[] key, int offset) {
        this.key = new SecretKeySpec(key, offset, KEY_LENGTH, ALGORITHM);
    }

    /** Whether this runtime has the JDK's ChaCha20 from the provider this class asks for. */
    static boolean available() {
        try {
            Cipher.getInstance(ALGORITHM, PROVIDER);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Starts the keystream for {@code sequenceNumber} on this thread's cipher and writes block 0 into
     * {@code block0[0..64)}. Returns the thread's keystream, positioned at block 1 for this packet until the
     * next {@code begin} on this thread.
     */
    Keystream begin(int sequenceNumber, byte[] block0) {
        Keystream keystream = KEYSTREAMS.get();
        keystream.start(key, sequenceNumber);
        Arrays.fill(block0, 0, BLOCK, (byte) 0);
        keystream.update(block0, 0, BLOCK);
        return keystream;
    }

    /** One thread's cipher and the array a direct buffer's bytes pass through. */
    static final class Keystream {
        private final Cipher cipher;
        private final byte[] nonce = new byte[NONCE_LENGTH];
        private final byte[] chunk = new byte[CHUNK];

        private Keystream() {
            try {
                cipher = Cipher.getInstance(ALGORITHM, PROVIDER);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's ChaCha20 was chosen but is not available", e);
            }
        }

        private void start(SecretKeySpec key, int sequenceNumber) {
            nonce[8] = (byte) (sequenceNumber >>> 24);
            nonce[9] = (byte) (sequenceNumber >>> 16);
            nonce[10] = (byte) (sequenceNumber >>> 8);
            nonce[11] = (byte) sequenceNumber;
            try {
                try {
                    cipher.init(Cipher.DECRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, 0));
                } catch (InvalidKeyException sameKeyAndNonce) {
                    // JDK 17 refuses its previous key and nonce in DECRYPT_MODE too (a sealer and an opener with
                    // one key on one thread, as in tests); a nonce of no packet's in between makes them new.
                    cipher.init(Cipher.DECRYPT_MODE, key, new ChaCha20ParameterSpec(UNUSED_NONCE, 0));
                    cipher.init(Cipher.DECRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, 0));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 refused a 32-byte key and a 12-byte nonce", e);
            }
        }

        /**
         * XORs {@code [index, index + length)} of {@code buf}, in place, with the next {@code length} bytes of
         * the packet's keystream. A heap buffer's array is worked on directly (the JDK's update is
         * copy-safe); a direct buffer's bytes are copied through this thread's array a chunk at a time, which
         * measured faster than XORing the keystream into the buffer eight bytes at a time (the copies are
         * memcpy, the JDK's XOR runs on arrays).
         */
        void xor(ByteBuf buf, int index, int length) {
            if (buf.hasArray()) {
                update(buf.array(), buf.arrayOffset() + index, length);
                return;
            }
            for (int done = 0; done < length; ) {
                int size = Math.min(CHUNK, length - done);
                buf.getBytes(index + done, chunk, 0, size);
                update(chunk, 0, size);
                buf.setBytes(index + done, chunk, 0, size);
                done += size;
            }
        }

        private void update(byte[] array, int offset, int length) {
            try {
                int produced = cipher.update(array, offset, length, array, offset);
                if (produced != length) {
                    throw new IllegalStateException("ChaCha20 produced " + produced + " of " + length + " bytes");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 failed in place", e);
            }
        }
    }
}
