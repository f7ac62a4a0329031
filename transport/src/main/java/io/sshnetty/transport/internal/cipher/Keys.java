package io.sshnetty.transport.internal.cipher;

/** Checks of derived key material handed to {@link CipherAlgorithm#create}. */
final class Keys {
    private Keys() {
    }

    /**
     * Key derivation (RFC 4253 §7.2) may give more bytes than needed, of which the first are used; fewer
     * is a bug in the caller.
     */
    static void check(String algorithm, byte[] key, int keyLength, byte[] iv, int ivLength) {
        if (key == null || key.length < keyLength) {
            throw new IllegalArgumentException(algorithm + " needs " + keyLength + " bytes of key, got "
                    + (key == null ? "none" : key.length));
        }
        if (ivLength > 0 && (iv == null || iv.length < ivLength)) {
            throw new IllegalArgumentException(algorithm + " needs " + ivLength + " bytes of IV, got "
                    + (iv == null ? "none" : iv.length));
        }
    }
}
