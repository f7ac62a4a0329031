package io.sshnetty.transport.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.SshMessage;

/**
 * The server side of one run of a key exchange method, fed the method's own messages (numbers 30–49).
 * One-round methods (ECDH, the hybrid KEMs) answer one message and are done; group exchange takes two.
 */
public interface ServerKeyExchange {
    /**
     * Handles one method message from the client and returns the reply to send.
     *
     * @throws io.sshnetty.transport.wire.SshProtocolException for an unexpected message or an invalid
     *         public value (KEY_EXCHANGE_FAILED)
     */
    SshMessage handle(int messageNumber, ByteBuf payload);

    /** The result once the exchange is complete, otherwise {@code null}. */
    KexResult result();
}
