package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.internal.wire.SshMessage;

/**
 * The server side of one run of a key exchange method, fed the method's own messages as its
 * {@link KexAlgorithm#decode} decoded them. One-round methods (ECDH, the hybrid KEMs) answer one message
 * and are done; group exchange takes two.
 */
public interface ServerKeyExchange {
    /**
     * Handles one method message from the client and returns the reply to send.
     *
     * @throws io.sshnetty.transport.wire.SshProtocolException PROTOCOL_ERROR for a message out of sequence,
     *         KEY_EXCHANGE_FAILED for an invalid public value
     */
    SshMessage handle(KexMethodMessage message);

    /** The result once the exchange is complete, otherwise {@code null}. */
    KexResult result();
}
