package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;

import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The keys a client may offer for user authentication: every plain key type of the transport's
 * {@link PublicKeys} table, FIDO security keys ({@link SkEd25519PublicKey}, {@link SkEcdsaPublicKey}), and
 * OpenSSH certificates of those types ({@link OpenSshCertificate}).
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
        if (OpenSshCertificate.isCertificateType(type)) {
            return OpenSshCertificate.decode(blob);
        }
        return switch (type) {
            case SkEd25519PublicKey.KEY_TYPE -> SkEd25519PublicKey.decode(blob);
            case SkEcdsaPublicKey.KEY_TYPE -> SkEcdsaPublicKey.decode(blob);
            default -> PublicKeys.decode(blob);
        };
    }

    /**
     * The key type name at the start of {@code blob}, read without parsing the rest; null when the blob does
     * not start with a string of printable ASCII.
     */
    public static String keyTypeOf(byte[] blob) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            return Wire.readAscii(in);
        } catch (SshProtocolException malformed) {
            return null;
        } finally {
            in.release();
        }
    }

    /** True for a key type a client may offer: a plain type {@link #isSupported}, or a certificate of one. */
    public static boolean isSupportedBlobType(String keyType) {
        return isSupported(keyType) || OpenSshCertificate.isSupportedCertificateType(keyType);
    }

    /**
     * True for a signature algorithm a client may authenticate with: those of the supported plain key types,
     * of security keys, and their certificate forms. Checked by name before a key blob is parsed.
     */
    public static boolean isSignatureAlgorithm(String algorithm) {
        return SIGNATURE_ALGORITHMS.contains(algorithm);
    }

    private static final Set<String> SIGNATURE_ALGORITHMS = signatureAlgorithms();

    private static Set<String> signatureAlgorithms() {
        Set<String> plain = new LinkedHashSet<>(PublicKeys.signatureAlgorithms());
        plain.add(SkEd25519PublicKey.KEY_TYPE);
        plain.add(SkEcdsaPublicKey.KEY_TYPE);
        Set<String> all = new LinkedHashSet<>(plain);
        for (String algorithm : plain) {
            all.add(OpenSshCertificate.certificateAlgorithm(algorithm));
        }
        return Set.copyOf(all);
    }

    private static boolean isSecurityKeyType(String keyType) {
        return SkEd25519PublicKey.KEY_TYPE.equals(keyType) || SkEcdsaPublicKey.KEY_TYPE.equals(keyType);
    }

    /** True for the plain key types a client may authenticate with: the transport's, and security keys. */
    public static boolean isSupported(String keyType) {
        return PublicKeys.isSupported(keyType) || isSecurityKeyType(keyType);
    }

    /**
     * Parses OpenSSH's one-line form {@code type base64 [comment]} of any key {@link #isSupported}.
     *
     * @throws KeyFormatException when the line does not hold such a key
     */
    public static PublicKeys.PublicKeyLine parseLine(String line) {
        String trimmed = line.strip();
        int typeEnd = endOfWord(trimmed, 0);
        String typeWord = trimmed.substring(0, typeEnd);
        if (!isSecurityKeyType(typeWord)) {
            return PublicKeys.parseLine(line);
        }
        int dataStart = skipBlanks(trimmed, typeEnd);
        int dataEnd = endOfWord(trimmed, dataStart);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(trimmed.substring(dataStart, dataEnd));
        } catch (IllegalArgumentException badBase64) {
            throw new KeyFormatException(typeWord + " key data is not valid base64", badBase64);
        }
        SshPublicKey key = decode(blob);
        if (!key.keyType().equals(typeWord)) {
            throw new KeyFormatException("line says " + typeWord + " but its key is " + key.keyType());
        }
        return new PublicKeys.PublicKeyLine(key, trimmed.substring(skipBlanks(trimmed, dataEnd)));
    }

    private static int endOfWord(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
        }
        return i;
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
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
        if (key instanceof SkEd25519PublicKey) {
            return "ED25519-SK";
        }
        if (key instanceof SkEcdsaPublicKey) {
            return "ECDSA-SK";
        }
        try {
            String described = Fingerprints.describe(key, "-");
            int open = described.lastIndexOf('(');
            return open < 0 ? key.keyType() : described.substring(open + 1, described.length() - 1);
        } catch (KeyFormatException unsupported) {
            return key.keyType();
        }
    }
}
