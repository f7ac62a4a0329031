package io.sshnetty.auth.publickey;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Arrays;
import java.util.List;

/**
 * A FIDO security key's Ed25519 key, {@code sk-ssh-ed25519@openssh.com} (OpenSSH's PROTOCOL.u2f). It
 * only ever authenticates users, so it lives here rather than in the transport's host key table. The blob
 * is {@code string type, string key (32 bytes), string application}; a signature is
 * {@code string type, string signature (64 bytes), byte flags, uint32 counter}, made by the token over
 * {@code SHA256(application) || flags || counter || SHA256(data)}. Whether the flags are good enough
 * (user presence, user verification) is decided by the publickey method against {@link KeyRestrictions}.
 */
public final class SkEd25519PublicKey implements SecurityKey {
    public static final String KEY_TYPE = "sk-ssh-ed25519@openssh.com";
    /** Longest application string read; OpenSSH's are short ("ssh:" and a suffix). */
    static final int MAX_APPLICATION_LENGTH = 1024;

    private final byte[] key;
    private final String application;
    private final byte[] blob;

    private SkEd25519PublicKey(byte[] key, String application, byte[] blob) {
        this.key = key;
        this.application = application;
        this.blob = blob;
    }

    /**
     * Decodes a blob of this type.
     *
     * @throws KeyFormatException when it is malformed or of another type
     */
    public static SkEd25519PublicKey decode(byte[] blob) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            if (!KEY_TYPE.equals(Wire.readAscii(in))) {
                throw new KeyFormatException("not an " + KEY_TYPE + " key");
            }
            byte[] key = Wire.readBytes(in, Ed25519.PUBLIC_KEY_SIZE + 1);
            if (key.length != Ed25519.PUBLIC_KEY_SIZE) {
                throw new KeyFormatException(KEY_TYPE + " key of " + key.length + " bytes");
            }
            String application = Wire.readUtf8(in, MAX_APPLICATION_LENGTH);
            if (in.isReadable()) {
                throw new KeyFormatException(in.readableBytes() + " unexpected bytes after " + KEY_TYPE + " key");
            }
            return new SkEd25519PublicKey(key, application, blob.clone());
        } catch (SshProtocolException malformed) {
            throw new KeyFormatException("malformed " + KEY_TYPE + " key: " + malformed.getMessage(), malformed);
        } finally {
            in.release();
        }
    }

    /** The key for {@code key} (32 bytes) and {@code application} (e.g. {@code "ssh:"}). */
    public static SkEd25519PublicKey of(byte[] key, String application) {
        ByteBuf out = Unpooled.buffer();
        try {
            Wire.writeAscii(out, KEY_TYPE);
            Wire.writeBytes(out, key);
            Wire.writeUtf8(out, application);
            byte[] blob = new byte[out.readableBytes()];
            out.readBytes(blob);
            return decode(blob);
        } finally {
            out.release();
        }
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
    public boolean equals(Object other) {
        return other instanceof SkEd25519PublicKey that && Arrays.equals(blob, that.blob);
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
