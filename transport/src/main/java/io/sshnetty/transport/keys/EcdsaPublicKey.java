package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Wire;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * An {@code ecdsa-sha2-nistp256}, {@code -nistp384} or {@code -nistp521} public key (RFC 5656 §3.1):
 * {@code string "ecdsa-sha2-[identifier]", string identifier, string Q}. Verifies with the JDK's ECDSA.
 */
public final class EcdsaPublicKey implements SshPublicKey {
    static final KeyType NISTP256 = type(NistCurve.P256);
    static final KeyType NISTP384 = type(NistCurve.P384);
    static final KeyType NISTP521 = type(NistCurve.P521);

    private final NistCurve curve;
    private final ECPoint point;
    private final String keyType;
    private final byte[] blob;
    private final PublicKey jcaKey;

    private EcdsaPublicKey(NistCurve curve, ECPoint point) {
        this.curve = curve;
        this.point = point;
        this.keyType = keyType(curve);
        byte[] q = curve.encodePoint(point);
        this.blob = Blobs.build(out -> {
            Wire.writeAscii(out, keyType);
            Wire.writeAscii(out, curve.sshName());
            Wire.writeBytes(out, q);
        });
        try {
            this.jcaKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve.parameters()));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException(keyType + " public key refused by the JDK: " + e.getMessage(), e);
        }
    }

    private static KeyType type(NistCurve curve) {
        String name = keyType(curve);
        return new KeyType(name, "ECDSA", key -> curve.bits(), List.of(name),
                fields -> decodeFields(curve, fields), fields -> EcdsaHostKey.decodeOpenSshPrivateFields(curve, fields));
    }

    /** The key type and signature algorithm name on {@code curve}: {@code ecdsa-sha2-nistp256} and so on. */
    public static String keyType(NistCurve curve) {
        return "ecdsa-sha2-" + curve.sshName();
    }

    /**
     * The public key {@code point} on {@code curve}.
     *
     * @throws KeyFormatException when the point is not on the curve
     */
    public static EcdsaPublicKey of(NistCurve curve, ECPoint point) {
        return of(curve, curve.encodePoint(point));
    }

    /**
     * The public key whose uncompressed encoding on {@code curve} is {@code q}.
     *
     * @throws KeyFormatException when {@code q} is not a point on the curve
     */
    public static EcdsaPublicKey of(NistCurve curve, byte[] q) {
        try {
            return new EcdsaPublicKey(curve, curve.decodePoint(q));
        } catch (IllegalArgumentException bad) {
            throw new KeyFormatException(keyType(curve) + " public key: " + bad.getMessage(), bad);
        }
    }

    /** Reads the blob's fields after the key type name: {@code string identifier, string Q}. */
    static EcdsaPublicKey decodeFields(NistCurve curve, ByteBuf fields) {
        String identifier = Wire.readAscii(fields);
        if (!curve.sshName().equals(identifier)) {
            throw new KeyFormatException(keyType(curve) + " key names curve " + identifier);
        }
        return of(curve, Wire.readBytes(fields, 1 + 2 * curve.fieldLength()));
    }

    /** The curve the key is on. */
    public NistCurve curve() {
        return curve;
    }

    /** The public point Q. */
    public ECPoint point() {
        return point;
    }

    @Override
    public String keyType() {
        return keyType;
    }

    @Override
    public byte[] encoded() {
        return blob.clone();
    }

    @Override
    public List<String> signatureAlgorithms() {
        return List.of(keyType);
    }

    /** RFC 5656 §3.1.2: {@code string "ecdsa-sha2-…", string (mpint r, mpint s)}. */
    @Override
    public boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        if (!keyType.equals(signatureAlgorithm)) {
            return false;
        }
        byte[] rs = Blobs.readAll(signatureBlob, in -> {
            if (!keyType.equals(Wire.readAscii(in))) {
                return null;
            }
            byte[] inner = Wire.readBytes(in);
            return Blobs.readAll(inner, fields -> {
                BigInteger r = Wire.readMpint(fields);
                BigInteger s = Wire.readMpint(fields);
                int length = curve.fieldLength();
                byte[] rBytes = Blobs.fixedLength(r, length);
                byte[] sBytes = Blobs.fixedLength(s, length);
                if (rBytes == null || sBytes == null) {
                    return null;
                }
                byte[] both = Arrays.copyOf(rBytes, 2 * length);
                System.arraycopy(sBytes, 0, both, length, length);
                return both;
            });
        });
        if (rs == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jcaSignatureAlgorithm(curve));
            verifier.initVerify(jcaKey);
            verifier.update(data);
            return verifier.verify(rs);
        } catch (GeneralSecurityException invalid) {
            return false;
        }
    }

    /** The JDK's name for ECDSA on {@code curve} with r and s as fixed-length halves (IEEE P1363). */
    static String jcaSignatureAlgorithm(NistCurve curve) {
        return curve.hashAlgorithm().replace("-", "") + "withECDSAinP1363Format";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EcdsaPublicKey that && Arrays.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return keyType + " " + Fingerprints.sha256(this);
    }
}
