package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.KeyLines;
import io.sshnetty.transport.keys.KeyType;
import io.sshnetty.transport.keys.KeyTypes;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.Blobs;

import java.util.Set;

/**
 * The keys a client may offer for user authentication, as one {@link KeyTypes} table: every key type of the
 * transport's {@link PublicKeys#table()}, FIDO security keys ({@link SkEd25519PublicKey}, {@link SkEcdsaPublicKey}),
 * and an OpenSSH certificate type ({@link OpenSshCertificate}) for each of those. Decoding, the supported names,
 * the signature algorithms and the labels of log lines all come from the table: a new user key type is its class
 * and one entry in {@link #PLAIN}.
 */
public final class UserKeys {
    /** The plain user key types: the transport's, then the security keys. */
    private static final KeyTypes PLAIN = PublicKeys.table().with(SkEd25519PublicKey.TYPE, SkEcdsaPublicKey.TYPE);
    /** Everything a client may offer: the plain types, then a certificate type of each. */
    private static final KeyTypes OFFERED = PLAIN.with(OpenSshCertificate.typesCertifying(PLAIN));
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.copyOf(OFFERED.signatureAlgorithms());

    private UserKeys() {
    }

    /** The table of every key type a client may offer: plain keys, security keys and their certificates. */
    public static KeyTypes table() {
        return OFFERED;
    }

    /** The table of the plain key types (no certificates): those an {@code authorized_keys} line may hold. */
    public static KeyTypes plainTable() {
        return PLAIN;
    }

    /**
     * Decodes a public key blob of a publickey request: a certificate or a plain key.
     *
     * @throws KeyFormatException when it is neither, or malformed
     */
    public static SshPublicKey decode(byte[] blob) {
        return OFFERED.decode(blob);
    }

    /**
     * The key type name at the start of {@code blob}, read without parsing the rest; null when the blob does
     * not start with a string of printable ASCII.
     */
    public static String keyTypeOf(byte[] blob) {
        return Blobs.leadingName(blob);
    }

    /** True for a key type a client may offer: a plain type {@link #isSupported}, or a certificate of one. */
    public static boolean isSupportedBlobType(String keyType) {
        return OFFERED.isSupported(keyType);
    }

    /**
     * True for a signature algorithm a client may authenticate with: those of the supported plain key types,
     * of security keys, and their certificate forms. Checked by name before a key blob is parsed.
     */
    public static boolean isSignatureAlgorithm(String algorithm) {
        return SIGNATURE_ALGORITHMS.contains(algorithm);
    }

    /** True for the plain key types a client may authenticate with: the transport's, and security keys. */
    public static boolean isSupported(String keyType) {
        return PLAIN.isSupported(keyType);
    }

    /**
     * Parses OpenSSH's one-line form {@code type base64 [comment]} of any key {@link #isSupported}; the comment
     * is kept as {@link KeyLines} says.
     *
     * @throws KeyFormatException when the line does not hold such a key
     */
    public static PublicKeys.PublicKeyLine parseLine(String line) {
        return KeyLines.parsePublicKeyLine(line, PLAIN);
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
        return describe(key, fingerprint(key));
    }

    /** As {@link #describe(SshPublicKey)}, with the key's {@link #fingerprint} already computed. */
    public static String describe(SshPublicKey key, String fingerprint) {
        if (key instanceof OpenSshCertificate cert) {
            return label(cert) + " " + fingerprint + " " + cert.describeForLog();
        }
        return label(key) + " " + fingerprint;
    }

    /** The type label of {@code ssh-keygen -l} (e.g. {@code ED25519}, {@code ECDSA-SK-CERT}), from the table. */
    private static String label(SshPublicKey key) {
        KeyType type = OFFERED.get(key.keyType());
        return type == null ? key.keyType() : type.label();
    }
}
