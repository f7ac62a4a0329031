package io.sshnetty.transport.kex;

/** A key exchange method as negotiated by name (RFC 4253 §7.1), listed once in {@link KexAlgorithms}. */
public interface KexAlgorithm {
    /** The name in KEXINIT's kex_algorithms list. */
    String name();

    /** Starts the server side of one exchange. */
    ServerKeyExchange startServer(ExchangeHashInput input);
}
