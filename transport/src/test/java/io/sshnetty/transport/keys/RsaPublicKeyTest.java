package io.sshnetty.transport.keys;

import io.sshnetty.transport.wire.Blobs;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounds on RSA public keys a client may offer: modulus size, and an exponent that makes verification cheap. */
class RsaPublicKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** An odd 3072-bit modulus: the exponent checks come before anything needs it to be a real product of primes. */
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(3071).add(BigInteger.valueOf(0x3b));

    @Test
    void hugePublicExponentIsRefusedWhenTheKeyIsDecoded() {
        BigInteger huge = new BigInteger(3070, RANDOM).setBit(3069).setBit(0);
        KeyFormatException refused = assertThrows(KeyFormatException.class, () -> RsaPublicKey.of(huge, MODULUS));
        assertTrue(refused.getMessage().contains("exponent"), refused.getMessage());
        byte[] blob = Blobs.build(out -> {
            Wire.writeAscii(out, RsaPublicKey.KEY_TYPE);
            Wire.writeMpint(out, huge);
            Wire.writeMpint(out, MODULUS);
        });
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(blob));
    }

    @Test
    void exponentJustOverThirtyTwoBitsIsRefusedAndTheLargestBelowIsAccepted() {
        assertThrows(KeyFormatException.class, () -> RsaPublicKey.of(BigInteger.ONE.shiftLeft(32).add(BigInteger.ONE), MODULUS));
        BigInteger largest = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
        assertEquals(largest, RsaPublicKey.of(largest, MODULUS).exponent());
    }

    @Test
    void evenExponentsAndExponentOneAreRefused() {
        assertThrows(KeyFormatException.class, () -> RsaPublicKey.of(BigInteger.ONE, MODULUS));
        assertThrows(KeyFormatException.class, () -> RsaPublicKey.of(BigInteger.valueOf(65536), MODULUS));
    }

    @Test
    void usualExponentsAreAccepted() {
        for (long e : new long[] {3, 17, 35, 65537}) {
            assertEquals(BigInteger.valueOf(e), RsaPublicKey.of(BigInteger.valueOf(e), MODULUS).exponent());
        }
    }
}
