package io.sshnetty.transport.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code chacha20-poly1305@openssh.com}, as OpenSSH's PROTOCOL.chacha20poly1305 defines it. The 64 bytes of
 * key are two ChaCha20 keys: the first 32 are K_2, which encrypts the payload and yields the Poly1305 key,
 * the last 32 are K_1, which encrypts only the four length bytes. Both use the sequence number as nonce.
 * The Poly1305 tag covers the encrypted length and the encrypted rest of the packet. The MAC negotiation
 * is ignored.
 *
 * <p>OpenSSH uses the original ChaCha20 (64-bit nonce, 64-bit block counter); the JDK offers the IETF
 * variant (RFC 8439: 96-bit nonce, 32-bit counter). Their states coincide when the IETF nonce is four zero
 * bytes (the high word of the original counter) followed by the original 8-byte nonce, here the sequence
 * number as a big-endian uint64, and the counter stays below 2^32 — packets are far shorter than 256 GiB.
 */
public final class ChaCha20Poly1305 implements CipherAlgorithm {
    /** The one instance. */
    public static final ChaCha20Poly1305 INSTANCE = new ChaCha20Poly1305();

    private static final String NAME = "chacha20-poly1305@openssh.com";
    private static final int KEY_LENGTH = 64;
    private static final int HALF_KEY = 32;
    private static final int TAG_LENGTH = 16;
    private static final int BLOCK_SIZE = 8;
    private static final int LENGTH_FIELD = 4;
    private static final int KEYSTREAM_BLOCK = 64;

    private ChaCha20Poly1305() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int keyLength() {
        return KEY_LENGTH;
    }

    @Override
    public int ivLength() {
        return 0;
    }

    @Override
    public boolean isAead() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Uses the first 64 bytes of {@code key}; ignores the IV and the MAC.
     */
    @Override
    public PacketCipher create(boolean encrypt, byte[] key, byte[] iv, MacAlgorithm mac, byte[] macKey) {
        Keys.check(NAME, key, KEY_LENGTH, iv, 0);
        return new ChaChaPacketCipher(encrypt, new SecretKeySpec(key, 0, HALF_KEY, "ChaCha20"),
                new SecretKeySpec(key, HALF_KEY, HALF_KEY, "ChaCha20"));
    }

    @Override
    public String toString() {
        return NAME;
    }

    private static final class ChaChaPacketCipher implements PacketCipher {
        private static final byte[] ZERO_BLOCK = new byte[KEYSTREAM_BLOCK];

        private final boolean encrypt;
        private final KeyStream payloadStream;
        private final KeyStream lengthStream;
        private final byte[] firstBlock = new byte[KEYSTREAM_BLOCK];
        private final byte[] lengthField = new byte[LENGTH_FIELD];
        private final byte[] computedTag = new byte[TAG_LENGTH];
        private final byte[] receivedTag = new byte[TAG_LENGTH];

        ChaChaPacketCipher(boolean encrypt, SecretKeySpec payloadKey, SecretKeySpec lengthKey) {
            this.encrypt = encrypt;
            int mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            this.payloadStream = new KeyStream(payloadKey, mode);
            this.lengthStream = new KeyStream(lengthKey, mode);
        }

        @Override
        public int blockSize() {
            return BLOCK_SIZE;
        }

        @Override
        public int tagLength() {
            return TAG_LENGTH;
        }

        @Override
        public boolean lengthIsAligned() {
            return false;
        }

        @Override
        public int lengthBlockSize() {
            return LENGTH_FIELD;
        }

        /** Decrypts a copy of the length: the buffer keeps the ciphertext, which the tag covers. */
        @Override
        public int decryptLength(int sequenceNumber, ByteBuf in) {
            in.getBytes(in.readerIndex(), lengthField);
            cryptLength(sequenceNumber);
            return (lengthField[0] & 0xff) << 24 | (lengthField[1] & 0xff) << 16 | (lengthField[2] & 0xff) << 8
                    | lengthField[3] & 0xff;
        }

        @Override
        public void open(int sequenceNumber, ByteBuf in, int packetLength) {
            if (encrypt) {
                throw new IllegalStateException("this cipher seals; it cannot open");
            }
            int start = in.readerIndex();
            int packetEnd = start + LENGTH_FIELD + packetLength;
            startPayload(sequenceNumber);
            computeTag(in, start, packetEnd);
            in.getBytes(packetEnd, receivedTag);
            if (!MessageDigest.isEqual(computedTag, receivedTag)) {
                throw new SshProtocolException(DisconnectReason.MAC_ERROR, "corrupted MAC on input");
            }
            InPlace.crypt(payloadStream.cipher, in, start + LENGTH_FIELD, packetLength);
            // decryptLength returned packetLength from these very bytes; now the plain length goes in place.
            in.setInt(start, packetLength);
        }

        @Override
        public void seal(int sequenceNumber, ByteBuf out, int packetStart) {
            if (!encrypt) {
                throw new IllegalStateException("this cipher opens; it cannot seal");
            }
            int packetEnd = out.writerIndex();
            out.ensureWritable(TAG_LENGTH);
            out.getBytes(packetStart, lengthField);
            cryptLength(sequenceNumber);
            out.setBytes(packetStart, lengthField);
            startPayload(sequenceNumber);
            InPlace.crypt(payloadStream.cipher, out, packetStart + LENGTH_FIELD, packetEnd - packetStart - LENGTH_FIELD);
            computeTag(out, packetStart, packetEnd);
            out.writeBytes(computedTag);
        }

        /** XORs lengthField with K_1's keystream, block 0, for this sequence number. */
        private void cryptLength(int sequenceNumber) {
            lengthStream.start(sequenceNumber);
            try {
                lengthStream.cipher.update(lengthField, 0, LENGTH_FIELD, lengthField, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 failed", e);
            }
        }

        /**
         * Starts K_2's keystream for this sequence number: block 0 keys Poly1305 (its first 32 bytes, kept in
         * firstBlock), and the cipher is left at block 1, where the payload's keystream begins.
         */
        private void startPayload(int sequenceNumber) {
            payloadStream.start(sequenceNumber);
            try {
                payloadStream.cipher.update(ZERO_BLOCK, 0, KEYSTREAM_BLOCK, firstBlock, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 failed", e);
            }
        }

        /** Poly1305 over {@code [from, to)} of the buffer, in place, into computedTag. */
        private void computeTag(ByteBuf buf, int from, int to) {
            Poly1305.tag(firstBlock, 0, InPlace.region(buf, from, to - from), 0, to - from, computedTag);
        }
    }

    /** One ChaCha20 key's keystream, restarted at block 0 for each packet's nonce. */
    private static final class KeyStream {
        /** Never a packet's nonce: the high word of OpenSSH's 64-bit block counter is not zero. */
        private static final byte[] DETOUR_NONCE = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        final Cipher cipher;
        private final SecretKeySpec key;
        private final int mode;
        /** 0x00000000 || uint64 sequence number. */
        private final byte[] nonce = new byte[12];
        /** The unsigned sequence number of the last start, -1 before the first. */
        private long lastSequence = -1;

        KeyStream(SecretKeySpec key, int mode) {
            this.key = key;
            this.mode = mode;
            try {
                this.cipher = Cipher.getInstance("ChaCha20");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK cannot provide ChaCha20", e);
            }
        }

        /**
         * Positions the keystream at block 0 of this sequence number's nonce. ChaCha20 alone is a keystream
         * XOR, the same in either mode. The JDK (checked on 17.0.15) refuses to initialise a ChaCha20 Cipher
         * with the key and nonce of its previous initialisation, in DECRYPT_MODE as much as in ENCRYPT_MODE.
         * Sequence numbers advance with every packet, so this happens only when one packet's nonce is asked
         * for twice in a row (decryptLength repeated); a detour through a nonce that is never a packet's then
         * satisfies the check.
         */
        void start(int sequenceNumber) {
            long sequence = Integer.toUnsignedLong(sequenceNumber);
            nonce[8] = (byte) (sequenceNumber >>> 24);
            nonce[9] = (byte) (sequenceNumber >>> 16);
            nonce[10] = (byte) (sequenceNumber >>> 8);
            nonce[11] = (byte) sequenceNumber;
            try {
                if (sequence == lastSequence) {
                    cipher.init(mode, key, new ChaCha20ParameterSpec(DETOUR_NONCE, 0));
                }
                cipher.init(mode, key, new ChaCha20ParameterSpec(nonce, 0));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 refused its key or nonce", e);
            }
            lastSequence = sequence;
        }
    }
}
