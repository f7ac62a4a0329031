package io.sshnetty.transport.internal.cipher;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one list of each algorithm family: lookups, OpenSSH's default order, and the attributes the KEX needs. */
class AlgorithmTablesTest {
    @Test
    void defaultCiphersFollowOpenSshOrder() {
        assertEquals(List.of("chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr",
                "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"), CipherAlgorithms.defaultNames());
    }

    @Test
    void defaultMacsFollowOpenSshOrderWithoutWhatIsMissing() {
        assertEquals(List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256",
                "hmac-sha2-512"), MacAlgorithms.defaultNames());
    }

    @Test
    void everyAlgorithmIsFoundByItsOwnName() {
        for (Map.Entry<String, CipherAlgorithm> entry : CipherAlgorithms.all().entrySet()) {
            assertSame(entry.getValue(), CipherAlgorithms.byName(entry.getKey()).orElseThrow());
            assertEquals(entry.getKey(), entry.getValue().name());
        }
        for (Map.Entry<String, MacAlgorithm> entry : MacAlgorithms.all().entrySet()) {
            assertSame(entry.getValue(), MacAlgorithms.byName(entry.getKey()).orElseThrow());
            assertEquals(entry.getKey(), entry.getValue().name());
        }
    }

    @Test
    void unknownNamesAreNotFound() {
        assertTrue(CipherAlgorithms.byName("aes128-cbc").isEmpty());
        assertTrue(CipherAlgorithms.byName("none").isEmpty());
        assertTrue(MacAlgorithms.byName("hmac-md5").isEmpty());
        assertTrue(MacAlgorithms.byName(null).isEmpty());
    }

    @Test
    void tablesAreImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> CipherAlgorithms.all().clear());
        assertThrows(UnsupportedOperationException.class, () -> MacAlgorithms.defaultNames().clear());
    }

    @Test
    void cipherAttributesMatchTheirSpecifications() {
        assertCipher("chacha20-poly1305@openssh.com", 64, 0, true);
        assertCipher("aes128-ctr", 16, 16, false);
        assertCipher("aes192-ctr", 24, 16, false);
        assertCipher("aes256-ctr", 32, 16, false);
        assertCipher("aes128-gcm@openssh.com", 16, 12, true);
        assertCipher("aes256-gcm@openssh.com", 32, 12, true);
    }

    @Test
    void packetCiphersReportTheirFraming() {
        byte[] key = new byte[64];
        byte[] iv = new byte[16];
        byte[] macKey = new byte[64];
        assertFraming(ChaCha20Poly1305.INSTANCE.create(true, key, iv, null, null), 8, 16, false, 4);
        assertFraming(AesGcm.AES128_GCM.create(true, key, iv, null, null), 16, 16, false, 4);
        assertFraming(AesCtr.AES128_CTR.create(true, key, iv, Hmac.HMAC_SHA2_256, macKey), 16, 32, true, 16);
        assertFraming(AesCtr.AES256_CTR.create(true, key, iv, Hmac.HMAC_SHA2_512_ETM, macKey), 16, 64, false, 4);
        assertFraming(NoneCipher.INSTANCE, 8, 0, true, 4);
    }

    @Test
    void shortKeyMaterialIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> AesCtr.AES256_CTR.create(true, new byte[16], new byte[16], Hmac.HMAC_SHA2_256, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.AES128_GCM.create(true, new byte[16], new byte[8], null, null));
        assertThrows(IllegalArgumentException.class, () -> ChaCha20Poly1305.INSTANCE.create(true, new byte[32], null, null, null));
        assertThrows(NullPointerException.class, () -> AesCtr.AES128_CTR.create(true, new byte[16], new byte[16], null, null));
    }

    private static void assertCipher(String name, int keyLength, int ivLength, boolean aead) {
        CipherAlgorithm cipher = CipherAlgorithms.byName(name).orElseThrow();
        assertEquals(keyLength, cipher.keyLength(), name);
        assertEquals(ivLength, cipher.ivLength(), name);
        assertEquals(aead, cipher.isAead(), name);
    }

    private static void assertFraming(PacketCipher cipher, int blockSize, int tagLength, boolean lengthIsAligned,
            int lengthBlockSize) {
        assertEquals(blockSize, cipher.blockSize());
        assertEquals(tagLength, cipher.tagLength());
        assertEquals(lengthIsAligned, cipher.lengthIsAligned());
        assertEquals(lengthBlockSize, cipher.lengthBlockSize());
        assertFalse(cipher.blockSize() < 8);
    }
}
