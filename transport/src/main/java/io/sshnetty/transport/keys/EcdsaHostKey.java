package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Wire;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;

/**
 * An ECDSA host key on one of the NIST curves (RFC 5656 §3): signs with the JDK's ECDSA and the curve's
 * hash, and encodes the signature as {@code mpint r, mpint s} (RFC 5656 §3.1.2).
 */
public final class EcdsaHostKey implements HostKey {
    private final NistCurve curve;
    private final PrivateKey privateKey;
    private final EcdsaPublicKey publicKey;

    private EcdsaHostKey(NistCurve curve, PrivateKey privateKey, EcdsaPublicKey publicKey) {
        this.curve = curve;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A new key on {@code curve} from {@code random}. */
    public static EcdsaHostKey generate(NistCurve curve, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(curve.parameters(), random);
            KeyPair pair = generator.generateKeyPair();
            return new EcdsaHostKey(curve, pair.getPrivate(), EcdsaPublicKey.of(curve, ((ECPublicKey) pair.getPublic()).getW()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + curve.jcaName() + " keys", e);
        }
    }

    /**
     * The key with private scalar {@code d} on {@code curve}; its public point is derived from it.
     *
     * @throws KeyFormatException when {@code d} is not in [1, n-1]
     */
    public static EcdsaHostKey fromPrivate(NistCurve curve, BigInteger d) {
        BigInteger order = curve.parameters().getOrder();
        if (d.signum() <= 0 || d.compareTo(order) >= 0) {
            throw new KeyFormatException(EcdsaPublicKey.keyType(curve) + " private scalar out of range");
        }
        X9ECParameters bc = CustomNamedCurves.getByName(curve.jcaName());
        org.bouncycastle.math.ec.ECPoint q = bc.getG().multiply(d).normalize();
        ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        try {
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, curve.parameters()));
            return new EcdsaHostKey(curve, privateKey, EcdsaPublicKey.of(curve, point));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException(EcdsaPublicKey.keyType(curve) + " private key refused by the JDK: " + e.getMessage(), e);
        }
    }

    /** The curve the key is on. */
    public NistCurve curve() {
        return curve;
    }

    @Override
    public EcdsaPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(String signatureAlgorithm, byte[] data) {
        if (!publicKey.keyType().equals(signatureAlgorithm)) {
            throw new IllegalArgumentException("an " + publicKey.keyType() + " key cannot sign with " + signatureAlgorithm);
        }
        byte[] rs;
        try {
            Signature signer = Signature.getInstance(EcdsaPublicKey.jcaSignatureAlgorithm(curve));
            signer.initSign(privateKey);
            signer.update(data);
            rs = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing failed", e);
        }
        int half = rs.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length));
        byte[] inner = Blobs.build(out -> {
            Wire.writeMpint(out, r);
            Wire.writeMpint(out, s);
        });
        return Blobs.build(out -> {
            Wire.writeAscii(out, signatureAlgorithm);
            Wire.writeBytes(out, inner);
        });
    }

    /**
     * Reads one key's fields of an {@code openssh-key-v1} private section after the key type name
     * (OpenSSH PROTOCOL.key, RFC 5656 §3.1): {@code string identifier, string Q, mpint d}; the stored point
     * must be the one {@code d} derives.
     */
    static EcdsaHostKey decodeOpenSshPrivateFields(NistCurve curve, ByteBuf fields) {
        EcdsaPublicKey stored = EcdsaPublicKey.decodeFields(curve, fields);
        EcdsaHostKey key = fromPrivate(curve, Wire.readMpint(fields));
        if (!key.publicKey.equals(stored)) {
            throw new KeyFormatException(stored.keyType() + " private key does not derive its stored public key");
        }
        return key;
    }

    /** The private scalar, for tests within the package. */
    BigInteger privateScalar() {
        return ((ECPrivateKey) privateKey).getS();
    }

    @Override
    public String toString() {
        return "EcdsaHostKey[" + publicKey + "]";
    }
}
