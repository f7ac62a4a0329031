package io.sshnetty.transport.keys;

import java.util.List;

/** A key pair the server proves its identity with during key exchange (RFC 4253 §8). */
public interface HostKey {
    SshPublicKey publicKey();

    /**
     * Signature algorithms this key can also sign with that are off unless the application enables them,
     * such as SHA-1 {@code ssh-rsa}; none by default.
     */
    default List<String> legacySignatureAlgorithms() {
        return List.of();
    }

    /**
     * Signs {@code data} with {@code signatureAlgorithm}, one of the public key's
     * {@link SshPublicKey#signatureAlgorithms()} or {@link #legacySignatureAlgorithms()}, and returns the
     * signature blob: {@code string algorithm, string signature} (RFC 4253 §6.6).
     */
    byte[] sign(String signatureAlgorithm, byte[] data);
}
