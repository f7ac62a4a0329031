package io.sshnetty.transport.internal.wire;

import io.netty.buffer.ByteBuf;

/**
 * A message of any layer, ready to be written to the connection's pipeline. The packet codec encodes
 * it straight into the packet buffer, so no intermediate copy is made.
 */
public interface SshMessage {
    /** The message number (RFC 4250 §4.1). */
    int messageNumber();

    /** Writes the whole payload, message number first. */
    void encode(ByteBuf out);

    /** An estimate of the encoded size, used to size the packet buffer. */
    default int estimatedSize() {
        return 256;
    }
}
