package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.cipher.Packets.Kind;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * aes*-ctr through {@link CipherWithMac} against NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), with the MAC
 * recomputed by Bouncy Castle's HMAC: pins the keystream carried across packets, what each MAC arrangement
 * covers, and (against Bouncy Castle's CTR) the 128-bit counter's wrap (RFC 4344 §4).
 */
class AesCtrKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] COUNTER = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final byte[] PLAINTEXT = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a"
            + "ae2d8a571e03ac9c9eb76fac45af8e51" + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710");
    private static final byte[] CIPHERTEXT = HEX.parseHex("874d6191b620e3261bef6864990db6ce"
            + "9806f66b7970fdff8617187bb9fffdff" + "5ae4df3edbd5d35e5b4f09020db03eab" + "1e031dda2fbe03d1792170a0f3009cee");
    private static final byte[] MAC_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** Encrypt-and-MAC: the whole packet is encrypted; two 32-byte "packets" take NIST's four blocks in turn. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void encryptAndMacMatchesNistVectorAndHmacOverPlainPacket(Kind kind) {
        PacketCipher sealer = AesCtr.AES128_CTR.create(true, KEY, COUNTER, Hmac.HMAC_SHA2_256, MAC_KEY);
        for (int packet = 0; packet < 2; packet++) {
            byte[] plain = Arrays.copyOfRange(PLAINTEXT, 32 * packet, 32 * packet + 32);
            byte[] expected = concat(Arrays.copyOfRange(CIPHERTEXT, 32 * packet, 32 * packet + 32), hmac(packet, plain));
            assertArrayEquals(expected, seal(sealer, packet, plain, kind), "packet " + packet);
        }
    }

    /** Encrypt-then-MAC: the length stays clear and the keystream starts at the byte after it. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void encryptThenMacKeepsLengthClearAndMacsCiphertext(Kind kind) {
        PacketCipher sealer = AesCtr.AES128_CTR.create(true, KEY, COUNTER, Hmac.HMAC_SHA2_256_ETM, MAC_KEY);
        byte[] plain = PLAINTEXT.clone();
        byte[] ciphertext = plain.clone();
        for (int i = 4; i < ciphertext.length; i++) {
            ciphertext[i] ^= (byte) (CIPHERTEXT[i - 4] ^ PLAINTEXT[i - 4]); // NIST's keystream, from byte 0
        }
        assertArrayEquals(concat(ciphertext, hmac(7, ciphertext)), seal(sealer, 7, plain, kind));
    }

    /** Packets longer than the 16 KiB a direct buffer is worked in carry the keystream across the chunks. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void longPacketsMatchBouncyCastlesCounterMode(Kind kind) {
        Random random = new Random(4345);
        byte[] key = Packets.randomBytes(random, 16);
        byte[] counter = Packets.randomBytes(random, 16);
        PacketCipher sealer = AesCtr.AES128_CTR.create(true, key, counter, Hmac.HMAC_SHA2_256, MAC_KEY);
        StreamCipher reference = SICBlockCipher.newInstance(AESEngine.newInstance());
        reference.init(true, new ParametersWithIV(new KeyParameter(key), counter));
        int[] sizes = {40_000, 16_400, 16_384, 48};
        for (int packet = 0; packet < sizes.length; packet++) {
            byte[] plain = Packets.randomBytes(random, sizes[packet]);
            byte[] expected = new byte[plain.length];
            reference.processBytes(plain, 0, plain.length, expected, 0);
            assertArrayEquals(expected, Arrays.copyOf(seal(sealer, packet, plain, kind), plain.length), "packet " + packet);
        }
    }

    /** The counter is the whole 128-bit block (RFC 4344 §4), so it wraps from all ones to all zeros. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void counterWrapsAcross128BitsLikeBouncyCastle(Kind kind) {
        byte[] counter = new byte[16];
        Arrays.fill(counter, (byte) 0xff);
        counter[15] = (byte) 0xfe; // wraps to zero at the third block
        Random random = new Random(4344);
        byte[] key = Packets.randomBytes(random, 32);
        PacketCipher sealer = AesCtr.AES256_CTR.create(true, key, counter, Hmac.HMAC_SHA2_512, MAC_KEY);
        StreamCipher reference = SICBlockCipher.newInstance(AESEngine.newInstance());
        reference.init(true, new ParametersWithIV(new KeyParameter(key), counter));
        for (int packet = 0; packet < 3; packet++) {
            byte[] plain = Packets.randomBytes(random, 48);
            byte[] expected = new byte[48];
            reference.processBytes(plain, 0, 48, expected, 0);
            assertArrayEquals(expected, Arrays.copyOf(seal(sealer, packet, plain, kind), 48), "packet " + packet);
        }
    }

    private static byte[] seal(PacketCipher sealer, int sequence, byte[] plain, Kind kind) {
        ByteBuf wire = kind.allocate(plain.length);
        try {
            Packets.sealInto(sealer, sequence, plain, wire, kind);
            byte[] sealed = new byte[wire.readableBytes()];
            wire.readBytes(sealed);
            return sealed;
        } finally {
            wire.release();
        }
    }

    private static byte[] hmac(int sequence, byte[] data) {
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(MAC_KEY));
        hmac.update((byte) (sequence >>> 24));
        hmac.update((byte) (sequence >>> 16));
        hmac.update((byte) (sequence >>> 8));
        hmac.update((byte) sequence);
        hmac.update(data, 0, data.length);
        byte[] tag = new byte[hmac.getMacSize()];
        hmac.doFinal(tag, 0);
        return tag;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
