package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.cipher.Packets.Kind;
import io.sshnetty.transport.internal.cipher.Packets.Pair;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every packet cipher, on heap and direct buffers: sealed packets open to the same bytes, tampered ones do not. */
class PacketCipherRoundTripTest {
    private static final int[] PAYLOAD_SIZES = {0, 1, 15, 16, 17, 31, 100, 1000, 4095, 4096, 16_391, 40_000, 3};
    /** Starts just below 2^32 so the sequence number wraps during the run (RFC 4253 §6.4). */
    private static final int FIRST_SEQUENCE = -5;

    static Stream<Arguments> pairsAndKinds() {
        List<Arguments> arguments = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            arguments.add(Arguments.of(new Pair("none", NoneCipher.INSTANCE, NoneCipher.INSTANCE), kind));
            for (Pair pair : Packets.everyPair(kind.ordinal())) {
                arguments.add(Arguments.of(pair, kind));
            }
        }
        return arguments.stream();
    }

    static Stream<Arguments> protectingPairsAndKinds() {
        return pairsAndKinds().filter(arguments -> ((Pair) arguments.get()[0]).sealer() != NoneCipher.INSTANCE);
    }

    /** AES-GCM takes no sequence number: its nonce counts packets itself (RFC 5647 §7.1); see the out-of-order test. */
    static Stream<Arguments> sequenceBoundPairsAndKinds() {
        return protectingPairsAndKinds().filter(arguments -> !((Pair) arguments.get()[0]).name().contains("-gcm@"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pairsAndKinds")
    void consecutivePacketsOpenToWhatWasSealed(Pair pair, Kind kind) {
        Random random = new Random(42);
        List<byte[]> plains = new ArrayList<>();
        ByteBuf wire = kind.allocate(256);
        try {
            int sequence = FIRST_SEQUENCE;
            for (int size : PAYLOAD_SIZES) {
                byte[] plain = Packets.plainPacket(pair.sealer(), Packets.randomBytes(random, size), random);
                plains.add(plain);
                int packetStart = wire.writerIndex();
                Packets.sealInto(pair.sealer(), sequence++, plain, wire, kind);
                if (pair.sealer() != NoneCipher.INSTANCE && size >= 16) {
                    byte[] payloadOnWire = new byte[size];
                    wire.getBytes(packetStart + 5, payloadOnWire);
                    assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 5, 5 + size), payloadOnWire), "payload is encrypted");
                }
            }
            sequence = FIRST_SEQUENCE;
            for (byte[] plain : plains) {
                assertArrayEquals(plain, Packets.openNext(pair.opener(), sequence++, wire));
            }
            assertEquals(0, wire.readableBytes());
        } finally {
            wire.release();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("protectingPairsAndKinds")
    void flippedCiphertextBitIsMacError(Pair pair, Kind kind) {
        assertTamperingDetected(pair, kind, wire -> wire.setByte(40, wire.getByte(40) ^ 0x01));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("protectingPairsAndKinds")
    void flippedTagBitIsMacError(Pair pair, Kind kind) {
        assertTamperingDetected(pair, kind, wire -> {
            int last = wire.writerIndex() - 1;
            wire.setByte(last, wire.getByte(last) ^ 0x80);
        });
    }

    /**
     * Flips the bit worth 16 in packet_length: still a whole number of blocks for every cipher, so the
     * length is plausible and only the MAC or tag can tell.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("protectingPairsAndKinds")
    void flippedLengthBitIsMacError(Pair pair, Kind kind) {
        Random random = new Random(7);
        byte[] plain = Packets.plainPacket(pair.sealer(), Packets.randomBytes(random, 200), random);
        int packetLength = plain.length - 4;
        ByteBuf wire = kind.allocate(512);
        try {
            Packets.sealInto(pair.sealer(), 3, plain, wire, kind);
            wire.writeBytes(new byte[64]); // room should the altered length claim more
            wire.setByte(3, wire.getByte(3) ^ 0x10);
            int claimed = pair.opener().decryptLength(3, wire);
            assertEquals(16, Math.abs(claimed - packetLength), "the length changed by 16");
            SshProtocolException e = assertThrows(SshProtocolException.class, () -> pair.opener().open(3, wire, claimed));
            assertEquals(DisconnectReason.MAC_ERROR, e.reason());
        } finally {
            wire.release();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("sequenceBoundPairsAndKinds")
    void wrongSequenceNumberIsMacError(Pair pair, Kind kind) {
        Random random = new Random(9);
        byte[] plain = Packets.plainPacket(pair.sealer(), Packets.randomBytes(random, 64), random);
        ByteBuf wire = kind.allocate(256);
        try {
            Packets.sealInto(pair.sealer(), 11, plain, wire, kind);
            int claimed = pair.opener().decryptLength(12, wire);
            if (claimed != plain.length - 4) {
                // chacha20-poly1305: the length key's nonce is the sequence number too, so the length comes out
                // garbled (the codec would reject it); open must still refuse the packet at its true length.
                assertEquals("chacha20-poly1305@openssh.com", pair.name());
                claimed = plain.length - 4;
            }
            int length = claimed;
            SshProtocolException e = assertThrows(SshProtocolException.class, () -> pair.opener().open(12, wire, length));
            assertEquals(DisconnectReason.MAC_ERROR, e.reason());
        } finally {
            wire.release();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("protectingPairsAndKinds")
    void packetOutOfOrderIsMacError(Pair pair, Kind kind) {
        Random random = new Random(10);
        ByteBuf first = kind.allocate(256);
        ByteBuf second = kind.allocate(256);
        try {
            Packets.sealInto(pair.sealer(), 0, Packets.plainPacket(pair.sealer(), Packets.randomBytes(random, 48), random), first, kind);
            Packets.sealInto(pair.sealer(), 1, Packets.plainPacket(pair.sealer(), Packets.randomBytes(random, 48), random), second, kind);
            // The second packet arrives where the first was due. Where the length is encrypted with state
            // of its own (CTR's keystream, chacha20's nonce) it comes out garbled and the codec would refuse
            // it; open must refuse the packet at its true length as well.
            pair.opener().decryptLength(0, second);
            int length = second.readableBytes() - 4 - pair.opener().tagLength();
            SshProtocolException e = assertThrows(SshProtocolException.class, () -> pair.opener().open(0, second, length));
            assertEquals(DisconnectReason.MAC_ERROR, e.reason());
        } finally {
            first.release();
            second.release();
        }
    }

    private static void assertTamperingDetected(Pair pair, Kind kind, Consumer<ByteBuf> tamper) {
        Random random = new Random(5);
        byte[] plain = Packets.plainPacket(pair.sealer(), Packets.randomBytes(random, 100), random);
        ByteBuf wire = kind.allocate(256);
        try {
            Packets.sealInto(pair.sealer(), 1, plain, wire, kind);
            tamper.accept(wire);
            int claimed = pair.opener().decryptLength(1, wire);
            assertEquals(plain.length - 4, claimed, "the length is untouched");
            SshProtocolException e = assertThrows(SshProtocolException.class, () -> pair.opener().open(1, wire, claimed));
            assertEquals(DisconnectReason.MAC_ERROR, e.reason());
        } finally {
            wire.release();
        }
    }
}
