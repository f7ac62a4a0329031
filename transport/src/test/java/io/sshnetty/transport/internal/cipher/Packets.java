package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test support: builds plain packets and drives a {@link PacketCipher} the way the packet codec does. */
final class Packets {
    /** Which kind of buffer carries the packets. */
    enum Kind {
        HEAP {
            @Override
            ByteBuf allocate(int capacity) {
                return Unpooled.buffer(capacity);
            }
        },
        DIRECT {
            @Override
            ByteBuf allocate(int capacity) {
                return PooledByteBufAllocator.DEFAULT.directBuffer(capacity);
            }
        };

        abstract ByteBuf allocate(int capacity);
    }

    /** The two ends of one direction, keyed alike. */
    record Pair(String name, PacketCipher sealer, PacketCipher opener) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Packets() {
    }

    /** A fresh, keyed pair for the cipher, and the MAC when the cipher needs one. */
    static Pair pair(CipherAlgorithm cipher, MacAlgorithm mac, Random random) {
        byte[] key = randomBytes(random, cipher.keyLength());
        byte[] iv = randomBytes(random, cipher.ivLength());
        byte[] macKey = mac == null ? null : randomBytes(random, mac.keyLength());
        String name = cipher.name() + (mac == null ? "" : " + " + mac.name());
        return new Pair(name, cipher.create(true, key, iv, mac, macKey), cipher.create(false, key, iv, mac, macKey));
    }

    /** Every implemented cipher, the non-AEAD ones with every implemented MAC. */
    static List<Pair> everyPair(long seed) {
        Random random = new Random(seed);
        List<Pair> pairs = new ArrayList<>();
        for (CipherAlgorithm cipher : CipherAlgorithms.all().values()) {
            if (cipher.isAead()) {
                pairs.add(pair(cipher, null, random));
            } else {
                for (MacAlgorithm mac : MacAlgorithms.all().values()) {
                    pairs.add(pair(cipher, mac, random));
                }
            }
        }
        return pairs;
    }

    /**
     * The plain packet for {@code payload}: length, padding_length, payload, at least 4 bytes of padding,
     * aligned to the cipher's block size (counting the length field only where the cipher says so).
     */
    static byte[] plainPacket(PacketCipher cipher, byte[] payload, Random random) {
        int block = cipher.blockSize();
        int unpadded = 1 + payload.length + (cipher.lengthIsAligned() ? 4 : 0);
        int padding = block - unpadded % block;
        if (padding < 4) {
            padding += block;
        }
        int packetLength = 1 + payload.length + padding;
        byte[] packet = new byte[4 + packetLength];
        packet[0] = (byte) (packetLength >>> 24);
        packet[1] = (byte) (packetLength >>> 16);
        packet[2] = (byte) (packetLength >>> 8);
        packet[3] = (byte) packetLength;
        packet[4] = (byte) padding;
        System.arraycopy(payload, 0, packet, 5, payload.length);
        byte[] randomPadding = new byte[padding];
        random.nextBytes(randomPadding);
        System.arraycopy(randomPadding, 0, packet, 5 + payload.length, padding);
        return packet;
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Seals {@code plain} in a buffer of exactly its size (so that appending the tag must grow it) and
     * appends the wire bytes to {@code wire}.
     */
    static void sealInto(PacketCipher cipher, int sequenceNumber, byte[] plain, ByteBuf wire, Kind kind) {
        ByteBuf out = kind.allocate(plain.length);
        try {
            out.writeBytes(plain);
            cipher.seal(sequenceNumber, out, 0);
            assertEquals(plain.length + cipher.tagLength(), out.readableBytes(), "sealed size");
            wire.writeBytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * Opens the next packet of {@code in} as the codec does: learn the length, then verify and decrypt, and
     * returns the plain packet; the reader index moves past it and its tag.
     */
    static byte[] openNext(PacketCipher cipher, int sequenceNumber, ByteBuf in) {
        assertTrue(in.readableBytes() >= cipher.lengthBlockSize(), "length block readable");
        int start = in.readerIndex();
        int packetLength = cipher.decryptLength(sequenceNumber, in);
        assertEquals(start, in.readerIndex(), "decryptLength keeps the reader index");
        assertTrue(packetLength > 0 && 4 + packetLength + cipher.tagLength() <= in.readableBytes(),
                "plausible packet length " + packetLength);
        cipher.open(sequenceNumber, in, packetLength);
        assertEquals(start, in.readerIndex(), "open keeps the reader index");
        byte[] plain = new byte[4 + packetLength];
        in.readBytes(plain);
        in.skipBytes(cipher.tagLength());
        return plain;
    }
}
