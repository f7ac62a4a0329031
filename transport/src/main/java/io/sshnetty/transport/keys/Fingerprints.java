package io.sshnetty.transport.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Key fingerprints as OpenSSH shows them ({@code ssh-keygen -l}, the server's log lines). */
public final class Fingerprints {
    private Fingerprints() {
    }

    /**
     * {@code SHA256:} and the unpadded base64 of the SHA-256 digest of the key's blob, the default
     * fingerprint of OpenSSH since 6.8.
     */
    public static String sha256(SshPublicKey key) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest.digest(key.encoded()));
    }

    /**
     * The line {@code ssh-keygen -l -f} prints for a public key file holding {@code key} with
     * {@code comment}: {@code bits fingerprint comment (TYPE)}, e.g.
     * {@code 256 SHA256:… user@host (ED25519)}; an empty comment is shown as {@code no comment}, as
     * ssh-keygen does for a key line without one.
     *
     * @throws KeyFormatException when the key's type is not one this library supports
     */
    public static String describe(SshPublicKey key, String comment) {
        KeyType type = PublicKeys.typeOf(key);
        return type.bits().applyAsInt(key) + " " + sha256(key) + " " + (comment.isEmpty() ? "no comment" : comment)
                + " (" + type.label() + ")";
    }
}
