package io.sshnetty.transport.internal.kex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Key derivation, RFC 4253 §7.2: HASH(K || H || letter || session_id), extended with
 * HASH(K || H || K1 || … ) until long enough. K is given as it enters the hash (already encoded).
 */
public final class KeyDerivation {
    private final KexResult kex;
    private final byte[] sessionId;

    public KeyDerivation(KexResult kex, byte[] sessionId) {
        this.kex = kex;
        this.sessionId = sessionId;
    }

    /** Letters 'A' … 'F': IVs, encryption keys and integrity keys of each direction. */
    public byte[] derive(char letter, int length) {
        if (length == 0) {
            return new byte[0];
        }
        MessageDigest digest = digest();
        digest.update(kex.encodedSharedSecret());
        digest.update(kex.exchangeHash());
        digest.update((byte) letter);
        digest.update(sessionId);
        byte[] key = digest.digest();
        while (key.length < length) {
            digest.update(kex.encodedSharedSecret());
            digest.update(kex.exchangeHash());
            digest.update(key);
            byte[] more = digest.digest();
            byte[] longer = Arrays.copyOf(key, key.length + more.length);
            System.arraycopy(more, 0, longer, key.length, more.length);
            key = longer;
        }
        return key.length == length ? key : Arrays.copyOf(key, length);
    }

    private MessageDigest digest() {
        try {
            return MessageDigest.getInstance(kex.hashAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
