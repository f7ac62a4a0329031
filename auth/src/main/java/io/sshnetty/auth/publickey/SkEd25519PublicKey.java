package io.sshnetty.auth.publickey;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.keys.EncodedPublicKey;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.KeyType;
import io.sshnetty.transport.internal.wire.Wire;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.List;

/**
 * A FIDO security key's Ed25519 key, {@code sk-ssh-ed25519@openssh.com} (OpenSSH's PROTOCOL.u2f). It
 * only ever authenticates users, so it lives here rather than in the transport's host key table. The blob
 * is {@code string type, string key (32 bytes), string application}; a signature is
 * {@code string type, string signature (64 bytes), byte flags, uint32 counter}, made by the token over
 * {@code SHA256(application) || flags || counter || SHA256(data)}. Whether the flags are good enough
 * (user presence, user verification) is decided by the publickey method against {@link KeyRestrictions}.
 */
public final class SkEd25519PublicKey extends EncodedPublicKey implements SecurityKey {
    public static final String KEY_TYPE = "sk-ssh-ed25519@openssh.com";
    /** Its entry in {@link UserKeys}' table: the key is an Ed25519 one, 256 bits. */
    static final KeyType TYPE = KeyType.userKey(KEY_TYPE, "ED25519-SK", key -> 256, List.of(KEY_TYPE),
            SkEd25519PublicKey::decodeFields);
    /** Longest application string read; OpenSSH's are short ("ssh:" and a suffix). */
    static final int MAX_APPLICATION_LENGTH = 1024;

    private final byte[] key;
    private final String application;

    private SkEd25519PublicKey(byte[] key, String application) {
        super(KEY_TYPE, out -> {
            Wire.writeBytes(out, key);
            Wire.writeUtf8(out, application);
        });
        this.key = key;
        this.application = application;
    }

    /**
     * Decodes a blob of this type.
     *
     * @throws KeyFormatException when it is malformed or of another type
     */
    public static SkEd25519PublicKey decode(byte[] blob) {
        if (UserKeys.decode(blob) instanceof SkEd25519PublicKey key) {
            return key;
        }
        throw new KeyFormatException("not an " + KEY_TYPE + " key");
    }

    /** Reads the blob's fields after the key type name: {@code string key, string application}. */
    static SkEd25519PublicKey decodeFields(ByteBuf fields) {
        byte[] key = Wire.readBytes(fields, Ed25519.PUBLIC_KEY_SIZE + 1);
        return of(key, Wire.readUtf8(fields, MAX_APPLICATION_LENGTH));
    }

    /**
     * The key for {@code key} (32 bytes) and {@code application} (e.g. {@code "ssh:"}).
     *
     * @throws KeyFormatException for a key of another length or an application over {@value #MAX_APPLICATION_LENGTH}
     *                            bytes
     */
    public static SkEd25519PublicKey of(byte[] key, String application) {
        if (key.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new KeyFormatException(KEY_TYPE + " key of " + key.length + " bytes");
        }
        SecurityKeySignature.checkApplication(KEY_TYPE, application, MAX_APPLICATION_LENGTH);
        return new SkEd25519PublicKey(key.clone(), application);
    }

    @Override
    public String application() {
        return application;
    }

    /** The flags and counter of a signature blob of this type; null when it is malformed. */
    public static Details details(byte[] signatureBlob) {
        SecurityKeySignature parsed = parse(signatureBlob);
        return parsed == null ? null : parsed.details();
    }

    @Override
    public Details signatureDetails(byte[] signatureBlob) {
        return details(signatureBlob);
    }

    private static SecurityKeySignature parse(byte[] signatureBlob) {
        SecurityKeySignature parsed = SecurityKeySignature.parse(signatureBlob, KEY_TYPE, Ed25519.SIGNATURE_SIZE);
        return parsed == null || parsed.signature().length != Ed25519.SIGNATURE_SIZE ? null : parsed;
    }

    @Override
    public List<String> signatureAlgorithms() {
        return List.of(KEY_TYPE);
    }

    /** Verifies the token's signature; says nothing of its flags (see {@link #details}). */
    @Override
    public boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        if (!KEY_TYPE.equals(signatureAlgorithm)) {
            return false;
        }
        SecurityKeySignature parsed = parse(signatureBlob);
        if (parsed == null) {
            return false;
        }
        byte[] message = signedMessage(data, parsed.flags(), parsed.counter());
        return Ed25519.verify(parsed.signature(), 0, key, 0, message, 0, message.length);
    }

    @Override
    public String toString() {
        return KEY_TYPE + " " + application;
    }
}
