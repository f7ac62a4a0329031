package io.sshnetty.transport.internal.cipher;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HMAC-SHA-256 and HMAC-SHA-512 against RFC 4231's test case 2, through each MacAlgorithm's create(). */
class HmacKnownAnswerTest {
    private static final byte[] KEY = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256 = HexFormat.of().parseHex(
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    private static final byte[] SHA512 = HexFormat.of().parseHex(
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                    + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");

    @Test
    void hmacSha2_256MatchesRfc4231TestCase2() {
        for (MacAlgorithm algorithm : new MacAlgorithm[] {Hmac.HMAC_SHA2_256, Hmac.HMAC_SHA2_256_ETM}) {
            assertArrayEquals(SHA256, digest(algorithm), algorithm.name());
            assertEquals(32, algorithm.keyLength());
            assertEquals(32, algorithm.tagLength());
        }
    }

    @Test
    void hmacSha2_512MatchesRfc4231TestCase2() {
        for (MacAlgorithm algorithm : new MacAlgorithm[] {Hmac.HMAC_SHA2_512, Hmac.HMAC_SHA2_512_ETM}) {
            assertArrayEquals(SHA512, digest(algorithm), algorithm.name());
            assertEquals(64, algorithm.keyLength());
            assertEquals(64, algorithm.tagLength());
        }
    }

    @Test
    void onlyTheEtmNamesAreEncryptThenMac() {
        assertFalse(Hmac.HMAC_SHA2_256.encryptThenMac());
        assertFalse(Hmac.HMAC_SHA2_512.encryptThenMac());
        assertTrue(Hmac.HMAC_SHA2_256_ETM.encryptThenMac());
        assertTrue(Hmac.HMAC_SHA2_512_ETM.encryptThenMac());
    }

    private static byte[] digest(MacAlgorithm algorithm) {
        Mac mac = algorithm.create(KEY);
        return mac.doFinal(DATA);
    }
}
