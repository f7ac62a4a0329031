package io.sshnetty.transport.internal.kex;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Key derivation, RFC 4253 §7.2, against values computed here step by step. */
class KeyDerivationTest {
    private static final HexFormat HEX = HexFormat.of();
    /** K as an mpint with a leading zero byte (its top bit is set), H and a session id of an earlier exchange. */
    private static final byte[] K = HEX.parseHex("0000000900f1e2d3c4b5a69788");
    private static final byte[] H = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final byte[] SESSION_ID = HEX.parseHex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");

    @Test
    void derivesEachLetterAsHashOfKHLetterSessionId() throws Exception {
        KeyDerivation keys = new KeyDerivation(new KexResult(K, H, "SHA-256"), SESSION_ID);
        for (char letter = 'A'; letter <= 'F'; letter++) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(K);
            sha256.update(H);
            sha256.update((byte) letter);
            sha256.update(SESSION_ID);
            assertArrayEquals(Arrays.copyOf(sha256.digest(), 16), keys.derive(letter, 16), "letter " + letter);
        }
    }

    @Test
    void extendsKeysLongerThanOneHashWithHashOfKHAndAllBefore() throws Exception {
        KeyDerivation keys = new KeyDerivation(new KexResult(K, H, "SHA-256"), SESSION_ID);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(K);
        sha256.update(H);
        sha256.update((byte) 'C');
        sha256.update(SESSION_ID);
        byte[] k1 = sha256.digest();
        sha256.update(K);
        sha256.update(H);
        sha256.update(k1);
        byte[] k2 = sha256.digest();
        sha256.update(K);
        sha256.update(H);
        sha256.update(k1);
        sha256.update(k2);
        byte[] k3 = sha256.digest();
        byte[] expected = new byte[80];
        System.arraycopy(k1, 0, expected, 0, 32);
        System.arraycopy(k2, 0, expected, 32, 32);
        System.arraycopy(k3, 0, expected, 64, 16);

        assertArrayEquals(expected, keys.derive('C', 80));
    }

    @Test
    void matchesAFixedVectorComputedOutsideJava() {
        // Python: hashlib.sha512(K + H + b'A' + session_id).hexdigest()[:32] for the values above.
        KeyDerivation keys = new KeyDerivation(new KexResult(K, H, "SHA-512"), SESSION_ID);
        assertEquals("2a4b7086bc50e16603f6b0f0b4ae0e5a", HEX.formatHex(keys.derive('A', 16)));
        assertEquals(64, keys.derive('E', 64).length);
    }
}
