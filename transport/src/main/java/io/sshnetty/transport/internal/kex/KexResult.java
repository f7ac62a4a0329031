package io.sshnetty.transport.internal.kex;

/**
 * The outcome of a key exchange: the shared secret K exactly as it enters the hashes (an mpint for
 * (EC)DH, a string for the hybrid post-quantum methods), the exchange hash H, and the hash algorithm
 * (JCA name) the method uses for H and for key derivation (RFC 4253 §7.2).
 */
public record KexResult(byte[] encodedSharedSecret, byte[] exchangeHash, String hashAlgorithm) {
}
