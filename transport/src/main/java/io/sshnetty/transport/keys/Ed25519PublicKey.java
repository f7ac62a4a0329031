package io.sshnetty.transport.keys;

import io.sshnetty.transport.wire.Blobs;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.List;

/** An {@code ssh-ed25519} public key (RFC 8709 §4): {@code string "ssh-ed25519", string key} (32 bytes). */
public final class Ed25519PublicKey extends EncodedPublicKey {
    /** The key type name and its only signature algorithm (RFC 8709 §4, §6). */
    public static final String KEY_TYPE = "ssh-ed25519";
    /** Length of the encoded public key, RFC 8032 §5.1.5. */
    public static final int KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;
    /** Length of a signature, RFC 8032 §5.1.6. */
    public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

    static final KeyType TYPE = new KeyType(KEY_TYPE, "ED25519", key -> 256, List.of(KEY_TYPE), Ed25519PublicKey::decodeFields,
            Ed25519HostKey::decodeOpenSshPrivateFields);

    private static final List<String> SIGNATURE_ALGORITHMS = List.of(KEY_TYPE);

    private final byte[] key;

    private Ed25519PublicKey(byte[] key) {
        super(KEY_TYPE, out -> Wire.writeBytes(out, key));
        this.key = key;
    }

    /** The public key whose 32-byte encoding (RFC 8032 §5.1.5) is {@code key}; the array is copied. */
    public static Ed25519PublicKey of(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new KeyFormatException("ssh-ed25519 public key of " + key.length + " bytes, expected " + KEY_LENGTH);
        }
        return new Ed25519PublicKey(key.clone());
    }

    /** Reads the blob's fields after the key type name: {@code string key}. */
    static Ed25519PublicKey decodeFields(ByteBuf fields) {
        return of(Wire.readBytes(fields, KEY_LENGTH + 1));
    }

    /** The 32-byte encoded key, a fresh copy. */
    public byte[] key() {
        return key.clone();
    }

    /** Shared with {@link Ed25519HostKey}; callers must not modify it. */
    byte[] keyBytes() {
        return key;
    }

    @Override
    public List<String> signatureAlgorithms() {
        return SIGNATURE_ALGORITHMS;
    }

    @Override
    public boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        if (!KEY_TYPE.equals(signatureAlgorithm)) {
            return false;
        }
        // RFC 8709 §6: string "ssh-ed25519", string signature (64 bytes), nothing after.
        byte[] signature = Blobs.readAll(signatureBlob, in -> {
            if (!KEY_TYPE.equals(Wire.readAscii(in))) {
                return null;
            }
            byte[] value = Wire.readBytes(in, SIGNATURE_LENGTH + 1);
            return value.length == SIGNATURE_LENGTH ? value : null;
        });
        return signature != null && Ed25519.verify(signature, 0, key, 0, data, 0, data.length);
    }

    @Override
    public String toString() {
        return KEY_TYPE + " " + Fingerprints.sha256(this);
    }
}
