package io.sshnetty.transport.internal.kex;

/**
 * The server's side of the math of a one-round key exchange method ({@link OneRoundKex}): from the client's
 * ephemeral value, a fresh server value and the shared secret K. One implementation per family of methods.
 */
public interface KeyAgreement {
    /**
     * Agrees on a shared secret with the client's value (the content of the init message's string or
     * mpint field).
     *
     * @throws io.sshnetty.transport.wire.SshProtocolException KEY_EXCHANGE_FAILED for an invalid client value
     */
    Agreed agree(byte[] clientValue);

    /**
     * The values that enter the exchange hash and the reply.
     *
     * @param clientValue         the client's value as it is hashed (string content; canonical for mpints)
     * @param serverValue         the server's value as it is hashed and sent (string content)
     * @param encodedSharedSecret K exactly as it enters the hashes: an mpint, or a string for the hybrid KEMs
     */
    record Agreed(byte[] clientValue, byte[] serverValue, byte[] encodedSharedSecret) {
    }
}
