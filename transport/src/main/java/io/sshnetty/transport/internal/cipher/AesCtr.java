package io.sshnetty.transport.internal.cipher;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode (RFC 4344 §4): the IV from key derivation is the initial 128-bit big-endian counter,
 * incremented per block and carried across packets for the life of the keys. Combined with the negotiated
 * MAC by {@link CipherWithMac}. The JDK's AES/CTR is intrinsified on common CPUs.
 *
 * @param name      the name in KEXINIT
 * @param keyLength bytes of AES key: 16, 24 or 32
 */
public record AesCtr(String name, int keyLength) implements CipherAlgorithm {
    public static final AesCtr AES128_CTR = new AesCtr("aes128-ctr", 16);
    public static final AesCtr AES192_CTR = new AesCtr("aes192-ctr", 24);
    public static final AesCtr AES256_CTR = new AesCtr("aes256-ctr", 32);

    private static final int BLOCK_SIZE = 16;

    public AesCtr {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int ivLength() {
        return BLOCK_SIZE;
    }

    @Override
    public boolean isAead() {
        return false;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Uses the first {@link #keyLength()} bytes of {@code key} and the first 16 of {@code iv}.
     */
    @Override
    public PacketCipher create(boolean encrypt, byte[] key, byte[] iv, MacAlgorithm mac, byte[] macKey) {
        Keys.check(name, key, keyLength, iv, BLOCK_SIZE);
        Cipher cipher;
        try {
            cipher = JcaCiphers.getInstance("AES/CTR/NoPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, 0, keyLength, "AES"),
                    new IvParameterSpec(iv, 0, BLOCK_SIZE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot provide AES/CTR", e);
        }
        return new CipherWithMac(cipher, BLOCK_SIZE, mac, macKey);
    }
}
