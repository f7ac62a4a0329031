package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM as OpenSSH defines it for SSH (RFC 5647 §7 with OpenSSH PROTOCOL §1.6): the packet length travels
 * in clear as associated data, everything after it is encrypted, a 16-byte tag follows; the MAC negotiation
 * is ignored. The 12-byte nonce is a 4-byte fixed field and an 8-byte invocation counter, both from key
 * derivation; the counter is incremented (big-endian, wrapping) after each packet (RFC 5647 §7.1).
 *
 * @param name      the name in KEXINIT
 * @param keyLength bytes of AES key: 16 or 32
 */
public record AesGcm(String name, int keyLength) implements CipherAlgorithm {
    public static final AesGcm AES128_GCM = new AesGcm("aes128-gcm@openssh.com", 16);
    public static final AesGcm AES256_GCM = new AesGcm("aes256-gcm@openssh.com", 32);

    private static final int NONCE_LENGTH = 12;
    private static final int FIXED_FIELD = 4;
    private static final int TAG_LENGTH = 16;
    private static final int BLOCK_SIZE = 16;
    private static final int LENGTH_FIELD = 4;

    public AesGcm {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int ivLength() {
        return NONCE_LENGTH;
    }

    @Override
    public boolean isAead() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Uses the first {@link #keyLength()} bytes of {@code key} and the first 12 of {@code iv}; ignores the MAC.
     */
    @Override
    public PacketCipher create(boolean encrypt, byte[] key, byte[] iv, MacAlgorithm mac, byte[] macKey) {
        Keys.check(name, key, keyLength, iv, NONCE_LENGTH);
        return new GcmPacketCipher(encrypt, new SecretKeySpec(key, 0, keyLength, "AES"), Arrays.copyOf(iv, NONCE_LENGTH));
    }

    private static final class GcmPacketCipher implements PacketCipher {
        private final boolean encrypt;
        private final SecretKeySpec key;
        /** fixed field (4 bytes) || invocation counter (8 bytes, big-endian). */
        private final byte[] nonce;
        private final byte[] lengthField = new byte[LENGTH_FIELD];
        /** The JCA cipher this thread's {@link Lender} has lent us, or null; every packet re-initialises it with our key. */
        private Cipher cipher;
        private Lender lender;
        /** The lender's clock at our last packet: the least recently used borrower gives its cipher up first. */
        private long lastUsed;

        GcmPacketCipher(boolean encrypt, SecretKeySpec key, byte[] nonce) {
            this.encrypt = encrypt;
            this.key = key;
            this.nonce = nonce;
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

        @Override
        public int decryptLength(int sequenceNumber, ByteBuf in) {
            return in.getInt(in.readerIndex());
        }

        @Override
        public void open(int sequenceNumber, ByteBuf in, int packetLength) {
            if (encrypt) {
                throw new IllegalStateException("this cipher seals; it cannot open");
            }
            int start = in.readerIndex();
            try {
                begin(Cipher.DECRYPT_MODE, in, start);
                InPlace.aead(cipher, in, start + LENGTH_FIELD, packetLength + TAG_LENGTH, packetLength);
            } catch (AEADBadTagException e) {
                throw new SshProtocolException(DisconnectReason.MAC_ERROR, "corrupted MAC on input");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM decryption failed", e);
            }
            nextInvocation();
        }

        @Override
        public void seal(int sequenceNumber, ByteBuf out, int packetStart) {
            if (!encrypt) {
                throw new IllegalStateException("this cipher opens; it cannot seal");
            }
            int packetEnd = out.writerIndex();
            int encryptedLength = packetEnd - packetStart - LENGTH_FIELD;
            out.ensureWritable(TAG_LENGTH);
            try {
                // A fresh nonce each packet: the JDK refuses to encrypt twice under one key and nonce.
                begin(Cipher.ENCRYPT_MODE, out, packetStart);
                InPlace.aead(cipher, out, packetStart + LENGTH_FIELD, encryptedLength, encryptedLength + TAG_LENGTH);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM encryption failed", e);
            }
            out.writerIndex(packetEnd + TAG_LENGTH);
            nextInvocation();
        }

        /** Initialises for one packet; the four length bytes at {@code packetStart} are the AAD. */
        private void begin(int mode, ByteBuf buf, int packetStart) throws GeneralSecurityException {
            Lender current = Lender.CURRENT.get();
            if (cipher == null || lender != current) {
                cipher = current.lendTo(this);
                lender = current;
            }
            lastUsed = ++current.clock;
            cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * Byte.SIZE, nonce));
            buf.getBytes(packetStart, lengthField);
            cipher.updateAAD(lengthField);
        }

        /** RFC 5647 §7.1: invocation_counter += 1, modulo 2^64; the fixed field never changes. */
        private void nextInvocation() {
            for (int i = NONCE_LENGTH - 1; i >= FIXED_FIELD; i--) {
                if (++nonce[i] != 0) {
                    return;
                }
            }
        }
    }

    /**
     * One thread's JCA AES-GCM ciphers, lent to the packet ciphers that use them on this thread, so that
     * memory for them follows the connections that are busy rather than every open one: a JDK GCM cipher
     * holds ≈ 1 kB, two per connection, a third of an idle connection's heap. A packet cipher keeps its
     * loan until {@link #LENT_PER_THREAD} others on the thread have been used since it last was; then the
     * least recently used gives its cipher up and takes another one (any) at its next packet. Every packet
     * initialises the cipher with its own key and nonce anyway (the JCA has no other way to set a GCM nonce);
     * only a cipher that served another key since re-derives the key schedule (≈ 5–20 µs here).
     *
     * <p>Single-threaded like the packet ciphers: a packet cipher used on another thread borrows there.
     */
    private static final class Lender {
        /**
         * Ciphers per thread: 256 kB at most. An event loop busy with more connections at once than half of
         * this (two directions each) pays a key schedule per packet.
         */
        static final int LENT_PER_THREAD = 256;
        static final ThreadLocal<Lender> CURRENT = ThreadLocal.withInitial(Lender::new);

        private final GcmPacketCipher[] borrowers = new GcmPacketCipher[LENT_PER_THREAD];
        /** What {@code borrowers[i]} was lent: its cipher unless it has since borrowed on another thread. */
        private final Cipher[] lent = new Cipher[LENT_PER_THREAD];
        private int count;
        private long clock;

        Cipher lendTo(GcmPacketCipher borrower) throws GeneralSecurityException {
            int slot;
            if (count < borrowers.length) {
                slot = count++;
                lent[slot] = JcaCiphers.getInstance("AES/GCM/NoPadding");
            } else {
                slot = 0;
                for (int i = 1; i < count; i++) {
                    if (borrowers[i].lastUsed < borrowers[slot].lastUsed) {
                        slot = i;
                    }
                }
                GcmPacketCipher previous = borrowers[slot];
                if (previous.cipher == lent[slot]) {
                    previous.cipher = null;
                    previous.lender = null;
                }
            }
            borrowers[slot] = borrower;
            return lent[slot];
        }
    }
}
