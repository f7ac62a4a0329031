package io.sshnetty.transport.keys;

import io.sshnetty.transport.wire.Blobs;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

import java.math.BigInteger;
import java.security.spec.ECPoint;
import java.util.List;

/**
 * An {@code ecdsa-sha2-nistp256}, {@code -nistp384} or {@code -nistp521} public key (RFC 5656 §3.1):
 * {@code string "ecdsa-sha2-[identifier]", string identifier, string Q}. Verifies with Bouncy Castle's
 * low-level ECDSA.
 */
public final class EcdsaPublicKey extends EncodedPublicKey {
    static final KeyType NISTP256 = type(NistCurve.P256);
    static final KeyType NISTP384 = type(NistCurve.P384);
    static final KeyType NISTP521 = type(NistCurve.P521);

    private final NistCurve curve;
    private final ECPoint point;
    private final String keyType;

    private EcdsaPublicKey(NistCurve curve, ECPoint point) {
        super(keyType(curve), out -> {
            Wire.writeAscii(out, curve.sshName());
            Wire.writeBytes(out, curve.encodePoint(point));
        });
        this.curve = curve;
        this.point = point;
        this.keyType = keyType(curve);
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
    public List<String> signatureAlgorithms() {
        return List.of(keyType);
    }

    /** RFC 5656 §3.1.2: {@code string "ecdsa-sha2-…", string (mpint r, mpint s)}. */
    @Override
    public boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        if (!keyType.equals(signatureAlgorithm)) {
            return false;
        }
        BigInteger[] rs = Blobs.readAll(signatureBlob, in -> {
            if (!keyType.equals(Wire.readAscii(in))) {
                return null;
            }
            byte[] inner = Wire.readBytes(in);
            return Blobs.readAll(inner, fields -> new BigInteger[] {Wire.readMpint(fields), Wire.readMpint(fields)});
        });
        if (rs == null) {
            return false;
        }
        // ECDSASigner refuses r and s outside [1, n-1] (SEC 1 §4.1.4 step 1).
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(curve.toBc(point), curve.domain()));
        return verifier.verifySignature(EcdsaHostKey.hash(curve, data), rs[0], rs[1]);
    }

    @Override
    public String toString() {
        return keyType + " " + Fingerprints.sha256(this);
    }
}
