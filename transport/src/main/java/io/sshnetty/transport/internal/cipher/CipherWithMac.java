package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * A non-AEAD cipher combined with a MAC, in either of SSH's two arrangements:
 * <ul>
 *   <li>encrypt-and-MAC (RFC 4253 §6.3, §6.4): the whole packet, length included, is encrypted;
 *       {@code mac = MAC(key, sequence_number || plain packet)};</li>
 *   <li>encrypt-then-MAC, for MACs named {@code -etm@openssh.com} (OpenSSH PROTOCOL §1.5): the length
 *       travels in clear, the rest is encrypted, {@code mac = MAC(key, sequence_number || length ||
 *       ciphertext)}, and the MAC is checked before anything is decrypted.</li>
 * </ul>
 * The cipher is a JCA {@link Cipher} initialised once for this direction and used in streaming mode: its
 * state (a CTR counter, a CBC chain) carries from one packet to the next (RFC 4253 §6.3).
 */
public final class CipherWithMac implements PacketCipher {
    private static final int LENGTH_FIELD = 4;

    private final Cipher cipher;
    private final int blockSize;
    private final Mac mac;
    private final boolean encryptThenMac;
    private final byte[] sequence = new byte[4];
    /** The MAC's whole output. */
    private final byte[] macOutput;
    /** Its first tagLength bytes: macOutput itself unless the algorithm truncates (as the -96 MACs do). */
    private final byte[] computedTag;
    private final byte[] receivedTag;

    /**
     * @param cipher          an initialised cipher whose {@code update} processes every whole block it is given
     * @param cipherBlockSize the cipher's block size (1 for a pure stream cipher)
     * @param macAlgorithm    the negotiated MAC
     * @param macKey          its key (RFC 4253 §7.2, letter E or F)
     */
    public CipherWithMac(Cipher cipher, int cipherBlockSize, MacAlgorithm macAlgorithm, byte[] macKey) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(macAlgorithm, "a non-AEAD cipher needs a MAC");
        this.blockSize = Math.max(8, cipherBlockSize);
        this.mac = macAlgorithm.create(Objects.requireNonNull(macKey, "macKey"));
        this.encryptThenMac = macAlgorithm.encryptThenMac();
        int tagLength = macAlgorithm.tagLength();
        if (tagLength > mac.getMacLength()) {
            throw new IllegalArgumentException(macAlgorithm.name() + " claims " + tagLength + " bytes of tag, its JCA MAC gives "
                    + mac.getMacLength());
        }
        this.macOutput = new byte[mac.getMacLength()];
        this.computedTag = tagLength == macOutput.length ? macOutput : new byte[tagLength];
        this.receivedTag = new byte[tagLength];
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int tagLength() {
        return receivedTag.length;
    }

    @Override
    public boolean lengthIsAligned() {
        return !encryptThenMac;
    }

    @Override
    public int lengthBlockSize() {
        return encryptThenMac ? LENGTH_FIELD : blockSize;
    }

    @Override
    public int decryptLength(int sequenceNumber, ByteBuf in) {
        int start = in.readerIndex();
        if (!encryptThenMac) {
            // The length is inside the first cipher block; decrypting it moves the cipher's state on, and
            // open() continues from there with the rest of the packet.
            InPlace.crypt(cipher, in, start, blockSize);
        }
        return in.getInt(start);
    }

    @Override
    public void open(int sequenceNumber, ByteBuf in, int packetLength) {
        int start = in.readerIndex();
        int packetEnd = start + LENGTH_FIELD + packetLength;
        if (encryptThenMac) {
            checkAligned(packetLength);
            computeTag(sequenceNumber, in, start, packetEnd);
            verifyTag(in, packetEnd);
            InPlace.crypt(cipher, in, start + LENGTH_FIELD, packetLength);
        } else {
            int total = LENGTH_FIELD + packetLength;
            // The first block is already decrypted; a shorter packet would have lent its tag bytes to it.
            if (total < blockSize) {
                throw SshProtocolException.protocolError("packet of " + total + " bytes is shorter than a cipher block");
            }
            checkAligned(total);
            InPlace.crypt(cipher, in, start + blockSize, total - blockSize);
            computeTag(sequenceNumber, in, start, packetEnd);
            verifyTag(in, packetEnd);
        }
    }

    @Override
    public void seal(int sequenceNumber, ByteBuf out, int packetStart) {
        int packetEnd = out.writerIndex();
        out.ensureWritable(receivedTag.length);
        if (encryptThenMac) {
            InPlace.crypt(cipher, out, packetStart + LENGTH_FIELD, packetEnd - packetStart - LENGTH_FIELD);
            computeTag(sequenceNumber, out, packetStart, packetEnd);
        } else {
            computeTag(sequenceNumber, out, packetStart, packetEnd);
            InPlace.crypt(cipher, out, packetStart, packetEnd - packetStart);
        }
        out.writeBytes(computedTag);
    }

    /** RFC 4253 §6: the packet (encrypt-and-MAC) or what is encrypted (encrypt-then-MAC) fills whole blocks. */
    private void checkAligned(int length) {
        if (length % blockSize != 0) {
            throw SshProtocolException.protocolError("packet of " + length + " bytes is not a multiple of the block size " + blockSize);
        }
    }

    /** MAC over uint32 sequence_number followed by {@code [from, to)} of the buffer, into computedTag. */
    private void computeTag(int sequenceNumber, ByteBuf buf, int from, int to) {
        sequence[0] = (byte) (sequenceNumber >>> 24);
        sequence[1] = (byte) (sequenceNumber >>> 16);
        sequence[2] = (byte) (sequenceNumber >>> 8);
        sequence[3] = (byte) sequenceNumber;
        mac.update(sequence);
        mac.update(InPlace.region(buf, from, to - from));
        try {
            mac.doFinal(macOutput, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        if (computedTag != macOutput) {
            System.arraycopy(macOutput, 0, computedTag, 0, computedTag.length);
        }
    }

    private void verifyTag(ByteBuf in, int tagIndex) {
        in.getBytes(tagIndex, receivedTag);
        if (!MessageDigest.isEqual(computedTag, receivedTag)) {
            throw new SshProtocolException(DisconnectReason.MAC_ERROR, "corrupted MAC on input");
        }
    }
}
