package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.math.BigInteger;

/**
 * Finite-field Diffie-Hellman on a safe-prime group (RFC 4253 §8): the client's e must satisfy
 * 1 &lt; e &lt; p−1 (RFC 4253 §8 accepts no value outside [1, p−1]; 1 and p−1 give away K); the server's
 * exponent y is random of {@value #EXPONENT_BITS} bits, at least twice the strength of the largest group
 * (RFC 3526's table of strength estimates); f = g^y mod p, K = e^y mod p as an mpint.
 */
public final class DiffieHellmanAgreement implements KeyAgreement {
    /** Size of the server's private exponent. */
    static final int EXPONENT_BITS = 512;


    private final BigInteger prime;
    private final BigInteger generator;

    /** DH on the group of prime {@code prime} and generator {@code generator}. */
    public DiffieHellmanAgreement(BigInteger prime, BigInteger generator) {
        this.prime = prime;
        this.generator = generator;
    }

    /** The group's prime p. */
    public BigInteger prime() {
        return prime;
    }

    /** The group's generator g. */
    public BigInteger generator() {
        return generator;
    }

    /** {@code clientValue} is the content of the mpint e. */
    @Override
    public Agreed agree(byte[] clientValue) {
        BigInteger e = clientValue.length == 0 ? BigInteger.ZERO : new BigInteger(clientValue);
        if (e.compareTo(BigInteger.ONE) <= 0 || e.compareTo(prime.subtract(BigInteger.ONE)) >= 0) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "Diffie-Hellman e out of range (it must be 1 < e < p-1)");
        }
        BigInteger y;
        do {
            y = new BigInteger(EXPONENT_BITS, Randomness.current());
        } while (y.bitLength() < EXPONENT_BITS - 8);
        BigInteger f = generator.modPow(y, prime);
        BigInteger k = e.modPow(y, prime);
        // mpint contents as they are hashed: canonical two's complement of positive numbers.
        return new Agreed(e.toByteArray(), f.toByteArray(), ExchangeHash.mpint(k));
    }
}
