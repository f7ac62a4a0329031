package io.sshnetty.auth.publickey;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.keys.EcdsaPublicKey;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;

import java.util.Arrays;
import java.util.List;

/**
 * A FIDO security key's ECDSA key, {@code sk-ecdsa-sha2-nistp256@openssh.com} (OpenSSH's PROTOCOL.u2f).
 * The blob is {@code string type, string "nistp256", string Q, string application}; a signature is
 * {@code string type, string ecdsa_signature (mpint r, mpint s), byte flags, uint32 counter}, an ECDSA
 * P-256/SHA-256 signature (RFC 5656 §3.1.2) by the token over
 * {@code SHA256(application) || flags || counter || SHA256(data)}. The curve arithmetic is the
 * transport's {@link EcdsaPublicKey}: this class only frames what the token signed.
 */
public final class SkEcdsaPublicKey implements SecurityKey {
    public static final String KEY_TYPE = "sk-ecdsa-sha2-nistp256@openssh.com";
    /** PROTOCOL.u2f: security keys are P-256 only. */
    private static final NistCurve CURVE = NistCurve.P256;
    /** {@code mpint r, mpint s}: each below the 256-bit group order, so at most 33 bytes and a length. */
    private static final int MAX_SIGNATURE_LENGTH = 2 * (4 + 33);

    private final EcdsaPublicKey key;
    private final String application;
    private final byte[] blob;

    private SkEcdsaPublicKey(EcdsaPublicKey key, String application, byte[] blob) {
        this.key = key;
        this.application = application;
        this.blob = blob;
    }

    /**
     * Decodes a blob of this type; the point must lie on P-256.
     *
     * @throws KeyFormatException when it is malformed or of another type
     */
    public static SkEcdsaPublicKey decode(byte[] blob) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            if (!KEY_TYPE.equals(Wire.readAscii(in))) {
                throw new KeyFormatException("not an " + KEY_TYPE + " key");
            }
            String curve = Wire.readAscii(in);
            if (!CURVE.sshName().equals(curve)) {
                throw new KeyFormatException(KEY_TYPE + " key names curve " + curve);
            }
            EcdsaPublicKey key = EcdsaPublicKey.of(CURVE, Wire.readBytes(in, 1 + 2 * CURVE.fieldLength()));
            String application = Wire.readUtf8(in, SkEd25519PublicKey.MAX_APPLICATION_LENGTH);
            if (in.isReadable()) {
                throw new KeyFormatException(in.readableBytes() + " unexpected bytes after " + KEY_TYPE + " key");
            }
            return new SkEcdsaPublicKey(key, application, blob.clone());
        } catch (SshProtocolException malformed) {
            throw new KeyFormatException("malformed " + KEY_TYPE + " key: " + malformed.getMessage(), malformed);
        } finally {
            in.release();
        }
    }

    /** The key for the P-256 point {@code q} (uncompressed, SEC 1 §2.3.3) and {@code application}. */
    public static SkEcdsaPublicKey of(byte[] q, String application) {
        ByteBuf out = Unpooled.buffer();
        try {
            Wire.writeAscii(out, KEY_TYPE);
            Wire.writeAscii(out, CURVE.sshName());
            Wire.writeBytes(out, q);
            Wire.writeUtf8(out, application);
            byte[] encoded = new byte[out.readableBytes()];
            out.readBytes(encoded);
            return decode(encoded);
        } finally {
            out.release();
        }
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
    public String keyType() {
        return KEY_TYPE;
    }

    @Override
    public byte[] encoded() {
        return blob.clone();
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
        ByteBuf plain = Unpooled.buffer(8 + plainAlgorithm.length() + parsed.signature().length);
        byte[] plainSignature;
        try {
            Wire.writeAscii(plain, plainAlgorithm);
            Wire.writeBytes(plain, parsed.signature());
            plainSignature = new byte[plain.readableBytes()];
            plain.readBytes(plainSignature);
        } finally {
            plain.release();
        }
        return key.verify(plainAlgorithm, signedMessage(data, parsed.flags(), parsed.counter()), plainSignature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SkEcdsaPublicKey that && Arrays.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return KEY_TYPE + " " + application;
    }
}
