package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;

/**
 * No protection: the state of both directions before the first SSH_MSG_NEWKEYS (RFC 4253 §6.3, §6.4).
 * Packets are padded to 8 bytes, the length included (RFC 4253 §6).
 */
public final class NoneCipher implements PacketCipher {
    /** The one instance; it holds no state. */
    public static final NoneCipher INSTANCE = new NoneCipher();

    private static final int BLOCK_SIZE = 8;
    private static final int LENGTH_FIELD = 4;

    private NoneCipher() {
    }

    @Override
    public int blockSize() {
        return BLOCK_SIZE;
    }

    @Override
    public int tagLength() {
        return 0;
    }

    @Override
    public boolean lengthIsAligned() {
        return true;
    }

    /** The length travels in clear, so its four bytes suffice; nothing needs a whole block to decrypt. */
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
        // Nothing to verify or decrypt.
    }

    @Override
    public void seal(int sequenceNumber, ByteBuf out, int packetStart) {
        // Nothing to encrypt, no MAC to append.
    }

    @Override
    public String toString() {
        return "none";
    }
}
