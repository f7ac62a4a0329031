package io.sshnetty.transport.keys;

import java.util.List;

/**
 * A public key as SSH carries it (RFC 4253 §6.6): its key type name and its encoded blob, and the
 * signature algorithms it verifies. Implementations are immutable values; {@code equals} compares blobs.
 */
public interface SshPublicKey {
    /** The key type, as the first field of the blob names it, e.g. {@code ssh-ed25519}. */
    String keyType();

    /** The public key blob: {@code string key-type} followed by the type's fields. A fresh copy. */
    byte[] encoded();

    /** The signature algorithms this key can verify, e.g. {@code [rsa-sha2-512, rsa-sha2-256]} for RSA. */
    List<String> signatureAlgorithms();

    /**
     * Verifies {@code signatureBlob} ({@code string algorithm, string signature}, RFC 4253 §6.6) over
     * {@code data}. False when the signature does not verify, when its algorithm name is not
     * {@code signatureAlgorithm}, or when that algorithm is not one of {@link #signatureAlgorithms()};
     * never throws for malformed input.
     */
    boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob);
}
