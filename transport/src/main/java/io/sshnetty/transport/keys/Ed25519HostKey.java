package io.sshnetty.transport.keys;

import io.sshnetty.transport.wire.Blobs;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An {@code ssh-ed25519} host key (RFC 8709): the 32-byte private seed of RFC 8032 §5.1.5 and the public
 * key derived from it. Signs with Bouncy Castle's low-level Ed25519, which the design measured several
 * times faster than the JDK provider.
 */
public final class Ed25519HostKey implements HostKey {
    /** Length of the private seed, RFC 8032 §5.1.5. */
    public static final int SEED_LENGTH = Ed25519.SECRET_KEY_SIZE;

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private Ed25519HostKey(byte[] seed) {
        this.seed = seed;
        byte[] derived = new byte[Ed25519PublicKey.KEY_LENGTH];
        Ed25519.generatePublicKey(seed, 0, derived, 0);
        this.publicKey = Ed25519PublicKey.of(derived);
    }

    /** A new key from {@code random}. */
    public static Ed25519HostKey generate(SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        Ed25519.generatePrivateKey(random, seed);
        return new Ed25519HostKey(seed);
    }

    /** The key whose private seed (RFC 8032 §5.1.5) is {@code seed}; the array is copied. */
    public static Ed25519HostKey fromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new KeyFormatException("ssh-ed25519 private seed of " + seed.length + " bytes, expected " + SEED_LENGTH);
        }
        return new Ed25519HostKey(seed.clone());
    }

    /** The private seed, a fresh copy. */
    byte[] seed() {
        return seed.clone();
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** Signs per RFC 8709 §6; the only algorithm is {@code ssh-ed25519}. */
    @Override
    public byte[] sign(String signatureAlgorithm, byte[] data) {
        if (!Ed25519PublicKey.KEY_TYPE.equals(signatureAlgorithm)) {
            throw new IllegalArgumentException("an ssh-ed25519 key cannot sign with " + signatureAlgorithm);
        }
        byte[] signature = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
        Ed25519.sign(seed, 0, publicKey.keyBytes(), 0, data, 0, data.length, signature, 0);
        return Blobs.build(out -> {
            Wire.writeAscii(out, Ed25519PublicKey.KEY_TYPE);
            Wire.writeBytes(out, signature);
        });
    }

    /**
     * Writes this key's fields of an {@code openssh-key-v1} private section (OpenSSH PROTOCOL.key):
     * {@code string "ssh-ed25519", string public key, string seed || public key}.
     */
    void encodeOpenSshPrivateFields(ByteBuf out) {
        byte[] pub = publicKey.keyBytes();
        byte[] both = Arrays.copyOf(seed, SEED_LENGTH + pub.length);
        System.arraycopy(pub, 0, both, SEED_LENGTH, pub.length);
        try {
            Wire.writeAscii(out, Ed25519PublicKey.KEY_TYPE);
            Wire.writeBytes(out, pub);
            Wire.writeBytes(out, both);
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }

    /**
     * Reads the fields {@link #encodeOpenSshPrivateFields} writes, after the key type name, and checks
     * that the stored public key is the one the seed derives.
     */
    static Ed25519HostKey decodeOpenSshPrivateFields(ByteBuf fields) {
        byte[] pub = Wire.readBytes(fields, Ed25519PublicKey.KEY_LENGTH + 1);
        if (pub.length != Ed25519PublicKey.KEY_LENGTH) {
            throw new KeyFormatException("ssh-ed25519 public key of " + pub.length + " bytes, expected "
                    + Ed25519PublicKey.KEY_LENGTH);
        }
        byte[] both = Wire.readBytes(fields, SEED_LENGTH + Ed25519PublicKey.KEY_LENGTH + 1);
        try {
            if (both.length != SEED_LENGTH + Ed25519PublicKey.KEY_LENGTH) {
                throw new KeyFormatException("ssh-ed25519 private key of " + both.length + " bytes, expected "
                        + (SEED_LENGTH + Ed25519PublicKey.KEY_LENGTH));
            }
            byte[] storedPub = Arrays.copyOfRange(both, SEED_LENGTH, both.length);
            if (!Arrays.equals(storedPub, pub)) {
                throw new KeyFormatException("ssh-ed25519 private key's two copies of its public key differ");
            }
            Ed25519HostKey key = new Ed25519HostKey(Arrays.copyOf(both, SEED_LENGTH));
            if (!MessageDigest.isEqual(key.publicKey.keyBytes(), pub)) {
                throw new KeyFormatException("ssh-ed25519 private key does not derive its stored public key");
            }
            return key;
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Ed25519HostKey[" + Fingerprints.sha256(publicKey) + "]";
    }
}
