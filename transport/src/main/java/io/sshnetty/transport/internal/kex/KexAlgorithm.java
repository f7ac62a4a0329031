package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;

/** A key exchange method as negotiated by name (RFC 4253 §7.1), listed once in {@link KexAlgorithms}. */
public interface KexAlgorithm {
    /** The name in KEXINIT's kex_algorithms list. */
    String name();

    /**
     * Decodes a client message of this method (numbers 30–49), whose meaning depends on the method.
     *
     * @throws io.sshnetty.transport.wire.SshProtocolException PROTOCOL_ERROR for a number the method does not
     *         define for clients, or a malformed message
     */
    KexMethodMessage decode(ByteBuf payload);

    /** Starts the server side of one exchange. */
    ServerKeyExchange startServer(ExchangeHashInput input);
}
