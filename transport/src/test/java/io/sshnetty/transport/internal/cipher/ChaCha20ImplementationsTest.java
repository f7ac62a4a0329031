package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.cipher.Packets.Kind;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.sshnetty.transport.internal.cipher.ChaCha20Poly1305.JDK_FROM;
import static io.sshnetty.transport.internal.cipher.ChaCha20Poly1305.NEVER;
import static io.sshnetty.transport.internal.cipher.ChaCha20Poly1305.jdkFrom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * chacha20-poly1305 with K_2 through our ChaCha20, through the JDK's (on any JDK: slow on 17, but the same
 * bytes), and split between them at {@link ChaCha20Poly1305#JDK_FROM}: every packet is sealed to the same bytes
 * and each opens what the others sealed, heap and direct.
 */
class ChaCha20ImplementationsTest {
    /** The choices of K_2's ChaCha20: ours always, the JDK's always, the JDK's from the crossover size on. */
    private static final int[] CHOICES = {NEVER, 0, JDK_FROM};
    /**
     * Payload sizes: packets of 56, 64 and 72 bytes (a payload, its length byte and 4 to 11 bytes of padding to a
     * multiple of 8) around the crossover of 65, one and several of the JDK path's 16 KiB chunks, a 256 KiB packet.
     */
    private static final int[] PAYLOAD_SIZES = {51, 59, 60, 16_384 - 5, 16_384, 16_384 + 64, 3 * 16_384 + 13,
            262_144 - 12};

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyChoiceSealsTheSameBytesAndOpensTheOthersPackets(Kind kind) {
        Random random = new Random(30);
        byte[] key = Packets.randomBytes(random, 64);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sizes.add(random.nextInt(i < 30 ? 300 : 70_000));
        }
        assertEquals(65, JDK_FROM, "the packet sizes below straddle it");
        for (int size : PAYLOAD_SIZES) {
            sizes.add(size);
        }
        // Sequence numbers at random, and counting through 2^32 - 1 to 0.
        int sequence = -4;
        for (int size : sizes) {
            sequence = random.nextInt(4) == 0 ? random.nextInt() : sequence + 1;
            byte[] plain = Packets.plainPacket(ChaCha20Poly1305.create(true, key, NEVER), Packets.randomBytes(random, size), random);
            byte[] expected = sealed(key, NEVER, sequence, plain, kind);
            for (int sealer : CHOICES) {
                byte[] wireBytes = sealed(key, sealer, sequence, plain, kind);
                assertArrayEquals(expected, wireBytes, "sealed with " + sealer + ", " + plain.length + " bytes, sequence "
                        + Integer.toUnsignedString(sequence));
                for (int opener : CHOICES) {
                    assertArrayEquals(plain, opened(key, opener, sequence, wireBytes, kind),
                            "sealed with " + sealer + ", opened with " + opener + ", " + plain.length + " bytes");
                }
            }
        }
    }

    /** The JDK's cipher is the thread's, re-keyed per packet: two connections' packets may alternate on it. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectionsTakingTurnsOnOneThreadKeepTheirOwnKeys(Kind kind) {
        Random random = new Random(31);
        byte[][] keys = {Packets.randomBytes(random, 64), Packets.randomBytes(random, 64)};
        PacketCipher[] sealers = {ChaCha20Poly1305.create(true, keys[0], 0), ChaCha20Poly1305.create(true, keys[1], 0)};
        PacketCipher[] openers = {ChaCha20Poly1305.create(false, keys[0], 0), ChaCha20Poly1305.create(false, keys[1], 0)};
        for (int sequence = 0; sequence < 6; sequence++) {
            for (int connection = 0; connection < 2; connection++) {
                byte[] plain = Packets.plainPacket(sealers[connection], Packets.randomBytes(random, 20_000), random);
                ByteBuf wire = kind.allocate(plain.length + 16);
                try {
                    Packets.sealInto(sealers[connection], sequence, plain, wire, kind);
                    byte[] wireBytes = new byte[wire.readableBytes()];
                    wire.getBytes(0, wireBytes);
                    assertArrayEquals(sealed(keys[connection], NEVER, sequence, plain, kind), wireBytes);
                    assertArrayEquals(plain, Packets.openNext(openers[connection], sequence, wire));
                } finally {
                    wire.release();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tamperedTagThroughTheJdkIsMacErrorAndLeavesThePacketEncrypted(Kind kind) {
        Random random = new Random(32);
        byte[] key = Packets.randomBytes(random, 64);
        byte[] plain = Packets.plainPacket(ChaCha20Poly1305.create(true, key, 0), Packets.randomBytes(random, 40_000), random);
        byte[] wireBytes = sealed(key, 0, 77, plain, kind);
        wireBytes[wireBytes.length - 1] ^= 0x01;
        ByteBuf wire = kind.allocate(wireBytes.length);
        try {
            wire.writeBytes(wireBytes);
            PacketCipher opener = ChaCha20Poly1305.create(false, key, 0);
            int packetLength = opener.decryptLength(77, wire);
            assertEquals(plain.length - 4, packetLength);
            SshProtocolException e = assertThrows(SshProtocolException.class, () -> opener.open(77, wire, packetLength));
            assertEquals(DisconnectReason.MAC_ERROR, e.reason());
            byte[] after = new byte[wireBytes.length];
            wire.getBytes(0, after);
            assertArrayEquals(wireBytes, after, "nothing decrypted");
        } finally {
            wire.release();
        }
    }

    @Test
    void propertyForcesEitherChaCha20WhereTheJdkHasOne() {
        assertEquals(0, jdkFrom("jdk", 17, false, true));
        assertEquals(0, jdkFrom("jdk", 25, null, true));
        assertEquals(NEVER, jdkFrom("java", 25, true, true));
        assertEquals(NEVER, jdkFrom("jdk", 25, true, false), "no SunJCE ChaCha20: ours whatever the property");
    }

    @Test
    void runtimeChoosesTheJdkFromTheCrossoverOnlyWhereIntrinsified() {
        assertEquals(JDK_FROM, jdkFrom(null, 25, true, true));
        assertEquals(JDK_FROM, jdkFrom(null, 20, true, true));
        assertEquals(NEVER, jdkFrom(null, 25, false, true), "intrinsics switched off");
        assertEquals(NEVER, jdkFrom(null, 25, null, true), "flag unreadable");
        assertEquals(NEVER, jdkFrom(null, 19, true, true));
        assertEquals(NEVER, jdkFrom(null, 17, false, true));
        assertEquals(NEVER, jdkFrom(null, 25, true, false));
        assertEquals(JDK_FROM, jdkFrom("sometimes", 25, true, true), "an unknown value is ignored");
    }

    /**
     * The flag is diagnostic: hidden unless unlocked, as it is in production, where the choice must still see
     * HotSpot's default (JMH unlocks diagnostic flags for its blackholes, so a benchmark alone would not tell).
     */
    @Test
    void hotSpotTellsWhetherItsChaCha20IsIntrinsifiedWithTheFlagHidden() {
        String vm = System.getProperty("java.vm.name", "");
        assumeTrue(vm.contains("HotSpot") || vm.startsWith("OpenJDK"), "only HotSpot has the flag");
        Boolean intrinsified = ChaCha20Poly1305.intrinsified();
        if (Runtime.version().feature() < 20) {
            assertEquals(Boolean.FALSE, intrinsified);
            return;
        }
        boolean unlocked = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UnlockDiagnosticVMOptions");
        String arch = System.getProperty("os.arch");
        if (!unlocked && (arch.equals("amd64") || arch.equals("aarch64"))) {
            assertEquals(ChaCha20Poly1305.byDefault(arch, () -> ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseAVX").getValue()), intrinsified);
        }
        assertNotNull(intrinsified);
    }

    @Test
    void hiddenFlagHoldsHotSpotsDefaultForTheCpu() {
        assertEquals(true, ChaCha20Poly1305.byDefault("amd64", () -> "2"));
        assertEquals(true, ChaCha20Poly1305.byDefault("x86_64", () -> "1"));
        assertEquals(false, ChaCha20Poly1305.byDefault("amd64", () -> "0"), "no AVX: no intrinsic");
        assertEquals(true, ChaCha20Poly1305.byDefault("aarch64", () -> "unused"));
        assertEquals(false, ChaCha20Poly1305.byDefault("riscv64", () -> "unused"));
        assertEquals(false, ChaCha20Poly1305.byDefault("ppc64le", () -> "unused"));
    }

    private static byte[] sealed(byte[] key, int jdkFrom, int sequence, byte[] plain, Kind kind) {
        ByteBuf wire = kind.allocate(plain.length + 16);
        try {
            Packets.sealInto(ChaCha20Poly1305.create(true, key, jdkFrom), sequence, plain, wire, kind);
            byte[] bytes = new byte[wire.readableBytes()];
            wire.readBytes(bytes);
            return bytes;
        } finally {
            wire.release();
        }
    }

    private static byte[] opened(byte[] key, int jdkFrom, int sequence, byte[] wireBytes, Kind kind) {
        ByteBuf wire = kind.allocate(wireBytes.length);
        try {
            wire.writeBytes(wireBytes);
            return Packets.openNext(ChaCha20Poly1305.create(false, key, jdkFrom), sequence, wire);
        } finally {
            wire.release();
        }
    }
}
