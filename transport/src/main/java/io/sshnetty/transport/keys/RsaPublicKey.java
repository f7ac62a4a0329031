package io.sshnetty.transport.keys;

import io.sshnetty.transport.wire.Blobs;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;

/**
 * An {@code ssh-rsa} public key (RFC 4253 §6.6): {@code string "ssh-rsa", mpint e, mpint n}. It verifies
 * {@code rsa-sha2-512} and {@code rsa-sha2-256} signatures (RFC 8332 §3) with the JDK's RSA; SHA-1
 * {@code ssh-rsa} signatures are not among its algorithms.
 */
public final class RsaPublicKey extends EncodedPublicKey {
    /** The key type name, and the name of the SHA-1 signature algorithm (RFC 4253 §6.6). */
    public static final String KEY_TYPE = "ssh-rsa";
    /** RFC 8332 §3 signature algorithms, in OpenSSH's order of preference. */
    public static final String RSA_SHA2_512 = "rsa-sha2-512";
    public static final String RSA_SHA2_256 = "rsa-sha2-256";
    /** Smaller moduli are refused, as OpenSSH's RequiredRSASize does by default. */
    public static final int MIN_BITS = 1024;
    /** Larger moduli are refused: OpenSSH's own limit (SSH_RSA_MAXIMUM_MODULUS_SIZE). */
    public static final int MAX_BITS = 16384;
    /**
     * Public exponents must be below 2^32. Real keys use 65537 (or 3, 17, 35); a larger e only makes each
     * verification slower — a 3071-bit e costs ~15 times a normal check — so a client could use it to burn
     * the server's CPU before it is authenticated. OpenSSH itself leaves e to libcrypto, which caps it at
     * 64 bits only for moduli over 3072 bits; Go's crypto/rsa refuses e ≥ 2^31, ring e ≥ 2^33.
     */
    public static final int MAX_EXPONENT_BITS = 32;

    static final KeyType TYPE = new KeyType(KEY_TYPE, "RSA", key -> ((RsaPublicKey) key).modulus.bitLength(),
            List.of(RSA_SHA2_512, RSA_SHA2_256), RsaPublicKey::decodeFields, RsaHostKey::decodeOpenSshPrivateFields);

    private static final List<String> SIGNATURE_ALGORITHMS = List.of(RSA_SHA2_512, RSA_SHA2_256);

    private final BigInteger exponent;
    private final BigInteger modulus;
    private final PublicKey jcaKey;

    private RsaPublicKey(BigInteger exponent, BigInteger modulus) {
        super(KEY_TYPE, out -> {
            Wire.writeMpint(out, exponent);
            Wire.writeMpint(out, modulus);
        });
        this.exponent = exponent;
        this.modulus = modulus;
        try {
            this.jcaKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("ssh-rsa public key refused by the JDK: " + e.getMessage(), e);
        }
    }

    /**
     * The public key {@code (n, e)}.
     *
     * @throws KeyFormatException for a modulus outside [{@value #MIN_BITS}, {@value #MAX_BITS}] bits, an even
     *                            modulus, or an exponent that is not odd, at least 3 and below
     *                            2^{@value #MAX_EXPONENT_BITS}
     */
    public static RsaPublicKey of(BigInteger exponent, BigInteger modulus) {
        int bits = modulus.bitLength();
        if (modulus.signum() <= 0 || bits < MIN_BITS || bits > MAX_BITS) {
            throw new KeyFormatException("ssh-rsa modulus of " + bits + " bits, expected " + MIN_BITS + " to " + MAX_BITS);
        }
        if (!modulus.testBit(0) || !exponent.testBit(0) || exponent.compareTo(BigInteger.ONE) <= 0
                || exponent.compareTo(modulus) >= 0) {
            throw new KeyFormatException("ssh-rsa key with an invalid modulus or exponent");
        }
        if (exponent.bitLength() > MAX_EXPONENT_BITS) {
            throw new KeyFormatException("ssh-rsa public exponent of " + exponent.bitLength() + " bits, at most "
                    + MAX_EXPONENT_BITS + " allowed");
        }
        return new RsaPublicKey(exponent, modulus);
    }

    /** Reads the blob's fields after the key type name: {@code mpint e, mpint n}. */
    static RsaPublicKey decodeFields(ByteBuf fields) {
        BigInteger e = Wire.readMpint(fields);
        BigInteger n = Wire.readMpint(fields);
        return of(e, n);
    }

    /** The public exponent e. */
    public BigInteger exponent() {
        return exponent;
    }

    /** The modulus n. */
    public BigInteger modulus() {
        return modulus;
    }

    @Override
    public List<String> signatureAlgorithms() {
        return SIGNATURE_ALGORITHMS;
    }

    /** RFC 8332 §3: {@code string "rsa-sha2-…", string s}, s no longer than the modulus. */
    @Override
    public boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        if (!SIGNATURE_ALGORITHMS.contains(signatureAlgorithm)) {
            return false;
        }
        return verifyWith(signatureAlgorithm, data, signatureBlob);
    }

    private boolean verifyWith(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        String jcaName = jcaSignatureAlgorithm(signatureAlgorithm);
        if (jcaName == null) {
            return false;
        }
        int length = (modulus.bitLength() + 7) / 8;
        byte[] signature = Blobs.readAll(signatureBlob, in -> {
            if (!signatureAlgorithm.equals(Wire.readAscii(in))) {
                return null;
            }
            return Wire.readBytes(in, length);
        });
        if (signature == null) {
            return false;
        }
        if (signature.length < length) {
            // OpenSSH accepts a signature with its leading zero bytes dropped; restore them.
            byte[] padded = new byte[length];
            System.arraycopy(signature, 0, padded, length - signature.length, signature.length);
            signature = padded;
        }
        try {
            Signature verifier = Signature.getInstance(jcaName);
            verifier.initVerify(jcaKey);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException invalid) {
            return false;
        }
    }

    /** The JDK's name for an SSH RSA signature algorithm, or null. */
    static String jcaSignatureAlgorithm(String signatureAlgorithm) {
        switch (signatureAlgorithm) {
            case RSA_SHA2_512:
                return "SHA512withRSA";
            case RSA_SHA2_256:
                return "SHA256withRSA";
            case KEY_TYPE:
                return "SHA1withRSA";
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return KEY_TYPE + " " + Fingerprints.sha256(this);
    }
}
