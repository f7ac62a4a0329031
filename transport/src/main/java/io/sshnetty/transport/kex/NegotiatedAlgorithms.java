package io.sshnetty.transport.kex;

/**
 * The algorithms one key exchange settled on (RFC 4253 §7.1). MAC names are {@code null} in a direction
 * whose cipher is AEAD.
 */
public record NegotiatedAlgorithms(
        String kex,
        String hostKey,
        String cipherClientToServer,
        String cipherServerToClient,
        String macClientToServer,
        String macServerToClient,
        String compressionClientToServer,
        String compressionServerToClient) {
}
