package io.sshnetty.auth.publickey;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.keys.EcdsaPublicKey;
import io.sshnetty.transport.keys.EncodedPublicKey;
import io.sshnetty.transport.keys.KeyType;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.wire.Blobs;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.List;

/**
 * A FIDO security key's ECDSA key, {@code sk-ecdsa-sha2-nistp256@openssh.com} (OpenSSH's PROTOCOL.u2f).
 * The blob is {@code string type, string "nistp256", string Q, string application}; a signature is
 * {@code string type, string ecdsa_signature (mpint r, mpint s), byte flags, uint32 counter}, an ECDSA
 * P-256/SHA-256 signature (RFC 5656 §3.1.2) by the token over
 * {@code SHA256(application) || flags || counter || SHA256(data)}. The curve arithmetic is the
 * transport's {@link EcdsaPublicKey}: this class only frames what the token signed.
 */
public final class SkEcdsaPublicKey extends EncodedPublicKey implements SecurityKey {
    public static final String KEY_TYPE = "sk-ecdsa-sha2-nistp256@openssh.com";
    /** Its entry in {@link UserKeys}' table. */
    static final KeyType TYPE = KeyType.userKey(KEY_TYPE, "ECDSA-SK", key -> 256, List.of(KEY_TYPE),
            SkEcdsaPublicKey::decodeFields);
    /** PROTOCOL.u2f: security keys are P-256 only. */
    private static final NistCurve CURVE = NistCurve.P256;
    /** The transport's {@code ecdsa-sha2-nistp256} entry, whose fields the security key's start with. */
    private static final KeyType PLAIN_TYPE = PublicKeys.table().get(EcdsaPublicKey.keyType(CURVE));
    /** {@code mpint r, mpint s}: each below the 256-bit group order, so at most 33 bytes and a length. */
    private static final int MAX_SIGNATURE_LENGTH = 2 * (4 + 33);

    private final EcdsaPublicKey key;
    private final String application;

    private SkEcdsaPublicKey(EcdsaPublicKey key, String application) {
        super(KEY_TYPE, out -> {
            Wire.writeAscii(out, CURVE.sshName());
            Wire.writeBytes(out, CURVE.encodePoint(key.point()));
            Wire.writeUtf8(out, application);
        });
        this.key = key;
        this.application = application;
    }

    /**
     * Decodes a blob of this type; the point must lie on P-256.
     *
     * @throws KeyFormatException when it is malformed or of another type
     */
    public static SkEcdsaPublicKey decode(byte[] blob) {
        if (UserKeys.decode(blob) instanceof SkEcdsaPublicKey key) {
            return key;
        }
        throw new KeyFormatException("not an " + KEY_TYPE + " key");
    }

    /**
     * Reads the blob's fields after the key type name: the plain P-256 key's fields (RFC 5656 §3.1,
     * {@code string "nistp256", string Q}, read by the transport's key type) and {@code string application}.
     */
    static SkEcdsaPublicKey decodeFields(ByteBuf fields) {
        EcdsaPublicKey key = (EcdsaPublicKey) PLAIN_TYPE.publicDecoder().decode(fields);
        String application = Wire.readUtf8(fields, SkEd25519PublicKey.MAX_APPLICATION_LENGTH);
        SecurityKeySignature.checkApplication(KEY_TYPE, application, SkEd25519PublicKey.MAX_APPLICATION_LENGTH);
        return new SkEcdsaPublicKey(key, application);
    }

    /**
     * The key for the P-256 point {@code q} (uncompressed, SEC 1 §2.3.3) and {@code application}.
     *
     * @throws KeyFormatException when {@code q} is not a point on P-256 or the application is too long
     */
    public static SkEcdsaPublicKey of(byte[] q, String application) {
        SecurityKeySignature.checkApplication(KEY_TYPE, application, SkEd25519PublicKey.MAX_APPLICATION_LENGTH);
        return new SkEcdsaPublicKey(EcdsaPublicKey.of(CURVE, q), application);
    }

    /** The plain ECDSA key the token holds. */
    public EcdsaPublicKey ecdsaKey() {
        return key;
    }

    @Override
    public String application() {
        return application;
    }

    /** The flags and counter of a signature blob of this type; null when it is malformed. */
    @Override
    public Details signatureDetails(byte[] signatureBlob) {
        SecurityKeySignature parsed = SecurityKeySignature.parse(signatureBlob, KEY_TYPE, MAX_SIGNATURE_LENGTH);
        return parsed == null ? null : parsed.details();
    }

    @Override
    public List<String> signatureAlgorithms() {
        return List.of(KEY_TYPE);
    }

    /**
     * Verifies the token's signature; says nothing of its flags (see {@link #signatureDetails}). The inner
     * {@code mpint r, mpint s} is handed to the plain key as the RFC 5656 §3.1.2 blob it is, over the
     * message PROTOCOL.u2f says the token signed.
     */
    @Override
    public boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        if (!KEY_TYPE.equals(signatureAlgorithm)) {
            return false;
        }
        SecurityKeySignature parsed = SecurityKeySignature.parse(signatureBlob, KEY_TYPE, MAX_SIGNATURE_LENGTH);
        if (parsed == null) {
            return false;
        }
        String plainAlgorithm = EcdsaPublicKey.keyType(CURVE);
        byte[] plainSignature = Blobs.build(out -> {
            Wire.writeAscii(out, plainAlgorithm);
            Wire.writeBytes(out, parsed.signature());
        });
        return key.verify(plainAlgorithm, signedMessage(data, parsed.flags(), parsed.counter()), plainSignature);
    }

    @Override
    public String toString() {
        return KEY_TYPE + " " + application;
    }
}
