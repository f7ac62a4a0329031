package io.sshnetty.transport.internal.cipher;

/**
 * An encryption algorithm as negotiated by name (RFC 4253 §6.3) and the factory of its
 * {@link PacketCipher}s. One implementation per algorithm, listed once in {@link CipherAlgorithms}.
 */
public interface CipherAlgorithm {
    /** The name in KEXINIT's encryption_algorithms lists. */
    String name();

    /** Bytes of key material the key derivation must supply (RFC 4253 §7.2, letters C and D). */
    int keyLength();

    /** Bytes of initial IV the key derivation must supply (letters A and B); 0 when none is used. */
    int ivLength();

    /**
     * Whether the algorithm authenticates the packets itself. Then no MAC algorithm is used, whatever
     * name the MAC negotiation picks (as OpenSSH does for its @openssh.com AEAD ciphers).
     */
    boolean isAead();

    /**
     * Creates one direction's packet cipher from derived key material.
     *
     * @param mac    the negotiated MAC, {@code null} for AEAD ciphers
     * @param macKey the MAC key (letters E and F), {@code null} for AEAD ciphers
     */
    PacketCipher create(boolean encrypt, byte[] key, byte[] iv, MacAlgorithm mac, byte[] macKey);
}
