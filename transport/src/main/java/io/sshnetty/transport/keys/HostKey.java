package io.sshnetty.transport.keys;

/** A key pair the server proves its identity with during key exchange (RFC 4253 §8). */
public interface HostKey {
    SshPublicKey publicKey();

    /**
     * Signs {@code data} with {@code signatureAlgorithm}, one of the public key's
     * {@link SshPublicKey#signatureAlgorithms()}, and returns the signature blob:
     * {@code string algorithm, string signature} (RFC 4253 §6.6).
     */
    byte[] sign(String signatureAlgorithm, byte[] data);
}
