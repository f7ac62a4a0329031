package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;

/**
 * The keys a client may offer for user authentication: every plain key type of the transport's
 * {@link PublicKeys} table, and OpenSSH certificates of those types ({@link OpenSshCertificate}).
 */
public final class UserKeys {
    private UserKeys() {
    }

    /**
     * Decodes a public key blob of a publickey request: a certificate or a plain key.
     *
     * @throws KeyFormatException when it is neither, or malformed
     */
    public static SshPublicKey decode(byte[] blob) {
        String type;
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            type = Wire.readAscii(in);
        } catch (SshProtocolException malformed) {
            throw new KeyFormatException("malformed public key blob: " + malformed.getMessage(), malformed);
        } finally {
            in.release();
        }
        return OpenSshCertificate.isCertificateType(type) ? OpenSshCertificate.decode(blob) : PublicKeys.decode(blob);
    }

    /**
     * The fingerprint sshd logs: of the key itself, or of the certified key for a certificate (OpenSSH
     * fingerprints a certificate by its plain key).
     */
    public static String fingerprint(SshPublicKey key) {
        return Fingerprints.sha256(key instanceof OpenSshCertificate cert ? cert.certifiedKey() : key);
    }

    /**
     * How sshd's log lines name a key: {@code ED25519 SHA256:…}; for a certificate
     * {@code ED25519-CERT SHA256:… ID id (serial n) CA ED25519 SHA256:…}.
     */
    public static String describe(SshPublicKey key) {
        if (key instanceof OpenSshCertificate cert) {
            return label(cert.certifiedKey()) + "-CERT " + fingerprint(cert) + " " + cert.describeForLog();
        }
        return label(key) + " " + Fingerprints.sha256(key);
    }

    /** The type label of {@code ssh-keygen -l} (e.g. {@code ED25519}), taken from the transport's description. */
    private static String label(SshPublicKey key) {
        try {
            String described = Fingerprints.describe(key, "-");
            int open = described.lastIndexOf('(');
            return open < 0 ? key.keyType() : described.substring(open + 1, described.length() - 1);
        } catch (KeyFormatException unsupported) {
            return key.keyType();
        }
    }
}
