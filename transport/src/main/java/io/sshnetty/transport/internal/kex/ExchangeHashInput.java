package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.keys.HostKey;

/**
 * What every exchange hash begins with (RFC 4253 §8): both identification lines and both KEXINIT
 * payloads, plus the host key the server signs with and the signature algorithm negotiated for it.
 */
public record ExchangeHashInput(
        String clientIdentification,
        String serverIdentification,
        byte[] clientKexInit,
        byte[] serverKexInit,
        HostKey hostKey,
        String hostKeyAlgorithm) {
}
