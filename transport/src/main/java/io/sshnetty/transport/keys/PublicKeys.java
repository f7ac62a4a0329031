package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;

import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The transport's table of key types — the host key types, which are also the plain user key types — and the
 * codecs of public keys: the blob of RFC 4253 §6.6 and OpenSSH's one-line form ({@code type base64 [comment]})
 * of {@code .pub} files. Adding a key type is one class with its {@link KeyType} and one entry in {@link #TYPES}.
 */
public final class PublicKeys {
    /** The one table of host key types, in order of preference. */
    private static final KeyTypes TYPES = KeyTypes.of(Ed25519PublicKey.TYPE, EcdsaPublicKey.NISTP256,
            EcdsaPublicKey.NISTP384, EcdsaPublicKey.NISTP521, RsaPublicKey.TYPE);

    private PublicKeys() {
    }

    /** A public key and its comment, as one line of a {@code .pub} file holds them ({@link KeyLines}). */
    public record PublicKeyLine(SshPublicKey key, String comment) {
        public PublicKeyLine {
            if (key == null || comment == null) {
                throw new NullPointerException("key and comment must not be null");
            }
        }
    }

    /** The table of host key types, which other layers extend with {@link KeyTypes#with}. */
    public static KeyTypes table() {
        return TYPES;
    }

    /** True when keys of type {@code keyType} (e.g. {@code ssh-ed25519}) can be decoded. */
    public static boolean isSupported(String keyType) {
        return TYPES.isSupported(keyType);
    }

    /** The names of the supported key types. */
    public static Set<String> supportedKeyTypes() {
        return TYPES.names();
    }

    /**
     * Every signature algorithm that the supported key types verify, in table order: what a server
     * announces as server-sig-algs (RFC 8308 §3.1).
     */
    public static List<String> signatureAlgorithms() {
        return TYPES.signatureAlgorithms();
    }

    /** The table entry of {@code key}'s type. */
    static KeyType typeOf(SshPublicKey key) {
        return TYPES.typeOf(key);
    }

    /** The table entry of {@code keyType}, or null. */
    static KeyType type(String keyType) {
        return TYPES.get(keyType);
    }

    /**
     * Decodes a public key blob (RFC 4253 §6.6): {@code string key-type} and the type's fields.
     *
     * @throws KeyFormatException for an unknown type, a field of the wrong length or trailing bytes
     */
    public static SshPublicKey decode(byte[] blob) {
        return TYPES.decode(blob);
    }

    /** Decodes a public key blob that fills all of {@code in}'s readable bytes; see {@link #decode(byte[])}. */
    static SshPublicKey decode(ByteBuf in) {
        return TYPES.decode(in);
    }

    /**
     * Parses OpenSSH's one-line form of a public key: {@code type base64 [comment]}, as in a {@code .pub} file;
     * {@link KeyLines} says how blanks and the comment are read.
     *
     * @throws KeyFormatException when the line does not hold a supported key
     */
    public static PublicKeyLine parseLine(String line) {
        return KeyLines.parsePublicKeyLine(line, TYPES);
    }

    /**
     * OpenSSH's one-line form of {@code key}: {@code type base64 comment}, or {@code type base64} when the
     * comment is empty. No line terminator.
     *
     * @throws IllegalArgumentException when the comment holds a line break
     */
    public static String format(SshPublicKey key, String comment) {
        if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a key comment cannot hold a line break");
        }
        String line = key.keyType() + " " + Base64.getEncoder().encodeToString(key.encoded());
        return comment.isEmpty() ? line : line + " " + comment;
    }
}
