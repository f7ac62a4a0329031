package io.sshnetty.transport.internal;

import io.sshnetty.transport.kex.NegotiatedAlgorithms;

/**
 * Fired down the pipeline (as a user event) when a key exchange completes in both directions, for
 * whoever counts handshakes and re-keys, such as the server's registry.
 *
 * @param algorithms what the exchange negotiated
 * @param first      whether it was the connection's first exchange (the handshake) rather than a re-key
 */
public record KeyExchangeCompleted(NegotiatedAlgorithms algorithms, boolean first) {
}
