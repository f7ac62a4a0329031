package io.sshnetty.transport.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

class Ed25519KeysTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DATA = "exchange hash".getBytes(StandardCharsets.US_ASCII);

    /** RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte). */
    @ParameterizedTest
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,"
                + "'',"
                + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,"
                + "72,"
                + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
    })
    void signsAndVerifiesRfc8032TestVector(String secret, String publicKey, String message, String signature) {
        Ed25519HostKey key = Ed25519HostKey.fromSeed(HEX.parseHex(secret));
        byte[] data = HEX.parseHex(message);
        assertArrayEquals(HEX.parseHex(publicKey), key.publicKey().key());

        byte[] blob = key.sign("ssh-ed25519", data);

        assertArrayEquals(signatureBlob("ssh-ed25519", HEX.parseHex(signature)), blob);
        Ed25519PublicKey verifier = Ed25519PublicKey.of(HEX.parseHex(publicKey));
        assertTrue(verifier.verify("ssh-ed25519", data, blob));
    }

    @Test
    void publicKeyBlobIsTypeThenKey() {
        byte[] raw = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Ed25519PublicKey key = Ed25519PublicKey.of(raw);

        ByteBuf in = Unpooled.wrappedBuffer(key.encoded());
        try {
            assertEquals("ssh-ed25519", Wire.readAscii(in));
            assertArrayEquals(raw, Wire.readBytes(in));
            assertFalse(in.isReadable());
        } finally {
            in.release();
        }
        assertEquals("ssh-ed25519", key.keyType());
        assertEquals(List.of("ssh-ed25519"), key.signatureAlgorithms());
    }

    @Test
    void verifyRejectsFlippedBitInSignature() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        byte[] blob = key.sign("ssh-ed25519", DATA);
        for (int bit = 0; bit < 8; bit++) {
            byte[] bad = blob.clone();
            bad[bad.length - 1 - 20] ^= (byte) (1 << bit);
            assertFalse(key.publicKey().verify("ssh-ed25519", DATA, bad));
        }
    }

    @Test
    void verifyRejectsChangedData() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        byte[] blob = key.sign("ssh-ed25519", DATA);
        byte[] changed = DATA.clone();
        changed[0] ^= 1;
        assertTrue(key.publicKey().verify("ssh-ed25519", DATA, blob));
        assertFalse(key.publicKey().verify("ssh-ed25519", changed, blob));
    }

    @Test
    void verifyRejectsWrongAlgorithmName() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        byte[] signature = Arrays.copyOfRange(key.sign("ssh-ed25519", DATA), 4 + 11 + 4, 4 + 11 + 4 + 64);

        assertFalse(key.publicKey().verify("rsa-sha2-256", DATA, key.sign("ssh-ed25519", DATA)));
        assertFalse(key.publicKey().verify("ssh-ed25519", DATA, signatureBlob("ssh-ed25518", signature)));
        assertTrue(key.publicKey().verify("ssh-ed25519", DATA, signatureBlob("ssh-ed25519", signature)));
    }

    @Test
    void verifyRejectsTruncatedOrOverlongBlobWithoutThrowing() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        byte[] blob = key.sign("ssh-ed25519", DATA);
        for (int length = 0; length < blob.length; length++) {
            assertFalse(key.publicKey().verify("ssh-ed25519", DATA, Arrays.copyOf(blob, length)), "length " + length);
        }
        assertFalse(key.publicKey().verify("ssh-ed25519", DATA, Arrays.copyOf(blob, blob.length + 1)));
        byte[] hugeLength = blob.clone();
        hugeLength[4 + 11] = (byte) 0x7f;
        assertFalse(key.publicKey().verify("ssh-ed25519", DATA, hugeLength));
        assertFalse(key.publicKey().verify("ssh-ed25519", DATA, signatureBlob("ssh-ed25519", new byte[63])));
    }

    @Test
    void signRefusesOtherAlgorithms() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        assertThrows(IllegalArgumentException.class, () -> key.sign("rsa-sha2-512", DATA));
    }

    @Test
    void keysOfWrongLengthAreRefused() {
        assertThrows(KeyFormatException.class, () -> Ed25519PublicKey.of(new byte[31]));
        assertThrows(KeyFormatException.class, () -> Ed25519HostKey.fromSeed(new byte[33]));
    }

    @Test
    void publicKeysAreEqualByBlob() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        Ed25519PublicKey same = Ed25519PublicKey.of(key.publicKey().key());
        assertEquals(key.publicKey(), same);
        assertEquals(key.publicKey().hashCode(), same.hashCode());
        assertNotEquals(key.publicKey(), Ed25519HostKey.generate(new SecureRandom()).publicKey());
    }

    @Test
    void doesNotShareItsArrays() {
        byte[] seed = new byte[32];
        Ed25519HostKey key = Ed25519HostKey.fromSeed(seed);
        Ed25519PublicKey publicKey = key.publicKey();
        byte[] before = publicKey.encoded();

        seed[0] = 1;
        key.seed()[0] = 1;
        publicKey.key()[0] ^= 1;
        publicKey.encoded()[20] ^= 1;

        assertArrayEquals(new byte[32], key.seed());
        assertArrayEquals(before, publicKey.encoded());
        assertEquals(Ed25519HostKey.fromSeed(new byte[32]).publicKey(), publicKey);
    }

    static byte[] signatureBlob(String algorithm, byte[] signature) {
        ByteBuf out = Unpooled.buffer();
        try {
            Wire.writeAscii(out, algorithm);
            Wire.writeBytes(out, signature);
            byte[] blob = new byte[out.readableBytes()];
            out.readBytes(blob);
            return blob;
        } finally {
            out.release();
        }
    }
}
