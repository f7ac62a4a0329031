package io.sshnetty.transport.keys;

import io.sshnetty.transport.wire.Blobs;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.List;

/**
 * An RSA host key: one key offers {@code rsa-sha2-512} and {@code rsa-sha2-256} (RFC 8332), and SHA-1
 * {@code ssh-rsa} as a {@linkplain #legacySignatureAlgorithms() legacy} algorithm that the server offers only
 * when the application enables it. Signs with the JDK's RSA (measured level with Bouncy Castle's: about 190
 * 3072-bit signatures a second on one core, so the JDK's stays).
 */
public final class RsaHostKey implements HostKey {
    private final PrivateKey privateKey;
    private final RsaPublicKey publicKey;

    private RsaHostKey(PrivateKey privateKey, RsaPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A new key with a modulus of {@code bits} bits (ssh-keygen's default is 3072). */
    public static RsaHostKey generate(int bits, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            return new RsaHostKey(key, RsaPublicKey.of(key.getPublicExponent(), key.getModulus()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    /**
     * The key with these CRT components (PKCS #1, RFC 8017 §3.2).
     *
     * @throws KeyFormatException when they do not make an RSA key (p·q ≠ n, a bad modulus or exponent)
     */
    public static RsaHostKey of(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, BigInteger qInverse) {
        RsaPublicKey publicKey = RsaPublicKey.of(e, n);
        // Primes of 1 would pass p·q = n and leave p−1 = 0 to divide by below.
        if (p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0 || !p.multiply(q).equals(n)
                || d.signum() <= 0 || d.compareTo(n) >= 0) {
            throw new KeyFormatException("ssh-rsa private key components do not fit together");
        }
        BigInteger dp = d.mod(p.subtract(BigInteger.ONE));
        BigInteger dq = d.mod(q.subtract(BigInteger.ONE));
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, qInverse));
            return new RsaHostKey(privateKey, publicKey);
        } catch (GeneralSecurityException failed) {
            throw new KeyFormatException("ssh-rsa private key refused by the JDK: " + failed.getMessage(), failed);
        }
    }

    /** Wraps a JDK RSA private key with CRT components, e.g. one read from a PKCS#8 file. */
    static RsaHostKey of(RSAPrivateCrtKey key) {
        return of(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(),
                key.getCrtCoefficient());
    }

    @Override
    public RsaPublicKey publicKey() {
        return publicKey;
    }

    /** {@code ssh-rsa}: SHA-1 signatures, offered only when the application enables them. */
    @Override
    public List<String> legacySignatureAlgorithms() {
        return List.of(RsaPublicKey.KEY_TYPE);
    }

    /** RFC 8332 §3 (and RFC 4253 §6.6 for {@code ssh-rsa}): {@code string algorithm, string s}. */
    @Override
    public byte[] sign(String signatureAlgorithm, byte[] data) {
        String jcaName = RsaPublicKey.jcaSignatureAlgorithm(signatureAlgorithm);
        if (jcaName == null) {
            throw new IllegalArgumentException("an ssh-rsa key cannot sign with " + signatureAlgorithm);
        }
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(jcaName);
            signer.initSign(privateKey);
            signer.update(data);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
        return Blobs.build(out -> {
            Wire.writeAscii(out, signatureAlgorithm);
            Wire.writeBytes(out, signature);
        });
    }

    /**
     * Reads one key's fields of an {@code openssh-key-v1} private section after the key type name
     * (OpenSSH PROTOCOL.key): {@code mpint n, mpint e, mpint d, mpint iqmp, mpint p, mpint q}.
     */
    static RsaHostKey decodeOpenSshPrivateFields(ByteBuf fields) {
        BigInteger n = Wire.readMpint(fields);
        BigInteger e = Wire.readMpint(fields);
        BigInteger d = Wire.readMpint(fields);
        BigInteger iqmp = Wire.readMpint(fields);
        BigInteger p = Wire.readMpint(fields);
        BigInteger q = Wire.readMpint(fields);
        return of(n, e, d, p, q, iqmp);
    }

    @Override
    public String toString() {
        return "RsaHostKey[" + publicKey + "]";
    }
}
