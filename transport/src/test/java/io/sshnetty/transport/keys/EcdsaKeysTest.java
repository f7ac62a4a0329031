package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ECDSA keys against RFC 6979's test vector, and signature blobs that must not verify. */
class EcdsaKeysTest {
    // RFC 6979 A.2.5: P-256, private key x, public key (Ux, Uy), SHA-256 signature of "sample".
    private static final BigInteger X = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
    private static final BigInteger UX = new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16);
    private static final BigInteger UY = new BigInteger("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 16);
    private static final BigInteger R = new BigInteger("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", 16);
    private static final BigInteger S = new BigInteger("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", 16);
    private static final byte[] SAMPLE = "sample".getBytes(StandardCharsets.US_ASCII);

    @Test
    void signsRfc6979VectorDeterministically() {
        EcdsaHostKey key = EcdsaHostKey.fromPrivate(NistCurve.P256, X);
        assertEquals(UX, key.publicKey().point().getAffineX());
        assertEquals(UY, key.publicKey().point().getAffineY());

        byte[] blob = key.sign("ecdsa-sha2-nistp256", SAMPLE);

        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            assertEquals("ecdsa-sha2-nistp256", Wire.readAscii(in));
            ByteBuf inner = Wire.readSlice(in);
            assertEquals(R, Wire.readMpint(inner));
            assertEquals(S, Wire.readMpint(inner));
        } finally {
            in.release();
        }
        assertTrue(key.publicKey().verify("ecdsa-sha2-nistp256", SAMPLE, blob));
    }

    @Test
    void verifyRefusesOutOfRangeAndMalformedSignaturesWithoutThrowing() {
        EcdsaPublicKey key = EcdsaHostKey.fromPrivate(NistCurve.P256, X).publicKey();
        BigInteger n = NistCurve.P256.domain().getN();
        assertFalse(key.verify("ecdsa-sha2-nistp256", SAMPLE, signature("ecdsa-sha2-nistp256", BigInteger.ZERO, S)));
        assertFalse(key.verify("ecdsa-sha2-nistp256", SAMPLE, signature("ecdsa-sha2-nistp256", R, n)));
        assertFalse(key.verify("ecdsa-sha2-nistp256", SAMPLE, signature("ecdsa-sha2-nistp256", R.add(n), S)));
        assertFalse(key.verify("ecdsa-sha2-nistp256", SAMPLE, signature("ecdsa-sha2-nistp384", R, S)));
        assertFalse(key.verify("ecdsa-sha2-nistp384", SAMPLE, signature("ecdsa-sha2-nistp256", R, S)));
        assertFalse(key.verify("ecdsa-sha2-nistp256", SAMPLE, new byte[] {0, 0, 0, 99}));
        assertTrue(key.verify("ecdsa-sha2-nistp256", SAMPLE, signature("ecdsa-sha2-nistp256", R, S)));
    }

    @Test
    void signRefusesOtherAlgorithmsAndKeysOfOtherCurvesDiffer() {
        EcdsaHostKey key = EcdsaHostKey.generate(NistCurve.P384, new SecureRandom());
        assertThrows(IllegalArgumentException.class, () -> key.sign("ecdsa-sha2-nistp256", SAMPLE));
        assertEquals("ecdsa-sha2-nistp384", key.publicKey().keyType());
        assertEquals(key.publicKey(), PublicKeys.decode(key.publicKey().encoded()));
    }

    private static byte[] signature(String algorithm, BigInteger r, BigInteger s) {
        ByteBuf inner = Unpooled.buffer();
        ByteBuf out = Unpooled.buffer();
        try {
            Wire.writeMpint(inner, r);
            Wire.writeMpint(inner, s);
            Wire.writeAscii(out, algorithm);
            Wire.writeBytes(out, inner);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            inner.release();
            out.release();
        }
    }
}
