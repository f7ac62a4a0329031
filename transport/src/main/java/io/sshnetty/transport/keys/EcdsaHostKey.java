package io.sshnetty.transport.keys;

import io.sshnetty.transport.wire.Blobs;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * An ECDSA host key on one of the NIST curves (RFC 5656 §3): signs with the curve's hash and Bouncy Castle's
 * low-level ECDSA (ten times the JDK 17 provider's speed, see {@link NistCurve#domain()}) with deterministic
 * nonces (RFC 6979), and encodes the signature as {@code mpint r, mpint s} (RFC 5656 §3.1.2).
 */
public final class EcdsaHostKey implements HostKey {
    private final NistCurve curve;
    private final BigInteger privateScalar;
    private final EcdsaPublicKey publicKey;

    private EcdsaHostKey(NistCurve curve, BigInteger privateScalar, EcdsaPublicKey publicKey) {
        this.curve = curve;
        this.privateScalar = privateScalar;
        this.publicKey = publicKey;
    }

    /** A new key on {@code curve} from {@code random}. */
    public static EcdsaHostKey generate(NistCurve curve, SecureRandom random) {
        return fromPrivate(curve, curve.randomScalar(random));
    }

    /**
     * The key with private scalar {@code d} on {@code curve}; its public point is derived from it.
     *
     * @throws KeyFormatException when {@code d} is not in [1, n-1]
     */
    public static EcdsaHostKey fromPrivate(NistCurve curve, BigInteger d) {
        BigInteger order = curve.domain().getN();
        if (d.signum() <= 0 || d.compareTo(order) >= 0) {
            throw new KeyFormatException(EcdsaPublicKey.keyType(curve) + " private scalar out of range");
        }
        return new EcdsaHostKey(curve, d, EcdsaPublicKey.of(curve, NistCurve.fromBc(curve.multiplyGenerator(d))));
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
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(curve.newDigest()));
        signer.init(true, new ECPrivateKeyParameters(privateScalar, curve.domain()));
        BigInteger[] rs = signer.generateSignature(hash(curve, data));
        byte[] inner = Blobs.build(out -> {
            Wire.writeMpint(out, rs[0]);
            Wire.writeMpint(out, rs[1]);
        });
        return Blobs.build(out -> {
            Wire.writeAscii(out, signatureAlgorithm);
            Wire.writeBytes(out, inner);
        });
    }

    /** The curve's hash of {@code data} (RFC 5656 §6.2.1), with the JDK's SHA-2. */
    static byte[] hash(NistCurve curve, byte[] data) {
        try {
            return MessageDigest.getInstance(curve.hashAlgorithm()).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + curve.hashAlgorithm(), e);
        }
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

    @Override
    public String toString() {
        return "EcdsaHostKey[" + publicKey + "]";
    }
}
