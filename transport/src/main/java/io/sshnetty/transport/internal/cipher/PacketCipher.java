package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;

/**
 * One direction's protection of the binary packet protocol (RFC 4253 §6): encryption, integrity, or
 * both. Every algorithm — AEAD, cipher plus MAC (encrypt-and-MAC or encrypt-then-MAC), none — sits
 * behind this one interface. Packets are sealed and opened in place, in the buffer that carries them.
 *
 * <p>A packet on the wire is {@code uint32 packet_length, byte padding_length, payload, padding}
 * followed by {@link #tagLength()} bytes of MAC or tag. Instances keep per-direction state (counters,
 * invocation nonces) and are used by one event loop only.
 */
public interface PacketCipher {
    /** Padding alignment: the cipher's block size, at least 8 (RFC 4253 §6). */
    int blockSize();

    /** Bytes of MAC or authentication tag after each packet; 0 for none. */
    int tagLength();

    /**
     * Whether the four bytes of {@code packet_length} count in the padding alignment. They do when
     * the length is encrypted together with the packet (RFC 4253 §6); they do not when the length
     * travels as associated data or is encrypted on its own (AES-GCM, encrypt-then-MAC, chacha20-poly1305).
     */
    boolean lengthIsAligned();

    /** Bytes the decoder must hold before it can learn {@code packet_length}: 4, or a whole block. */
    int lengthBlockSize();

    /**
     * Returns {@code packet_length} of the packet that starts at {@code in.readerIndex()}; at least
     * {@link #lengthBlockSize()} bytes are readable. Called exactly once per packet, before
     * {@link #open}; it may decrypt those first bytes in place. Does not move the reader index.
     */
    int decryptLength(int sequenceNumber, ByteBuf in);

    /**
     * Verifies and decrypts, in place, the packet that starts at {@code in.readerIndex()}: {@code 4 +
     * packetLength} bytes followed by {@link #tagLength()} bytes of tag. Afterwards the 4 + packetLength
     * bytes hold the plain packet. Does not move the reader index.
     *
     * @throws io.sshnetty.transport.wire.SshProtocolException with reason MAC_ERROR when the tag does not match
     */
    void open(int sequenceNumber, ByteBuf in, int packetLength);

    /**
     * Encrypts, in place, the plain packet in {@code out} from {@code packetStart} to its writer index
     * (its first four bytes hold {@code packet_length}), then appends {@link #tagLength()} bytes of tag.
     */
    void seal(int sequenceNumber, ByteBuf out, int packetStart);
}
