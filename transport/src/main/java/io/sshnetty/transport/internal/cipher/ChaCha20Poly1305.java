package io.sshnetty.transport.internal.cipher;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Supplier;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chacha20-poly1305@openssh.com}, as OpenSSH's PROTOCOL.chacha20poly1305 defines it. The 64 bytes of
 * key are two ChaCha20 keys: the first 32 are K_2, which encrypts the payload and yields the Poly1305 key,
 * the last 32 are K_1, which encrypts only the four length bytes. Both use the sequence number as nonce.
 * The Poly1305 tag covers the encrypted length and the encrypted rest of the packet. The MAC negotiation
 * is ignored.
 *
 * <p>Poly1305 and K_1 are always our own ({@link Poly1305}, {@link ChaCha20}), working in the packet's
 * memory. K_2 is ours too on JDK 17, where the JDK's ChaCha20 is plain Java at half our speed. From
 * JDK 20 on, where HotSpot compiles the JDK's ChaCha20 to AVX2/AVX-512 or ASIMD code (its diagnostic flag
 * {@code UseChaCha20Intrinsics}, on by default where the CPU has them; see {@link #intrinsified()}), K_2 of every packet of at least
 * {@value #JDK_FROM} bytes goes through the JDK's instead ({@link JdkChaCha20}): ≈ 4 GB/s on one core here
 * against our ≈ 1 GB/s; below that size the JDK's per-packet initialisation costs more than it saves.
 *
 * <p>The system property {@value #IMPLEMENTATION_PROPERTY}, read once, overrides the choice: {@code jdk}
 * sends K_2 of every packet, whatever its size, through the JDK's ChaCha20 (correct on any JDK, fast only
 * where intrinsified); {@code java} keeps it on ours. Both give the same bytes.
 */
public final class ChaCha20Poly1305 implements CipherAlgorithm {
    /** The one instance. */
    public static final ChaCha20Poly1305 INSTANCE = new ChaCha20Poly1305();

    private static final String NAME = "chacha20-poly1305@openssh.com";
    private static final int KEY_LENGTH = 64;
    private static final int HALF_KEY = 32;
    private static final int TAG_LENGTH = 16;
    private static final int BLOCK_SIZE = 8;
    private static final int LENGTH_FIELD = 4;
    private static final int KEYSTREAM_BLOCK = 64;

    /** The system property that overrides the choice of K_2's ChaCha20: {@code jdk} or {@code java}. */
    static final String IMPLEMENTATION_PROPERTY = "io.sshnetty.chacha20";
    /**
     * The packet length (the bytes K_2 encrypts) from which the JDK's intrinsified ChaCha20 beats ours when
     * chosen by the runtime: more than one keystream block. A packet of one block costs us two blocks computed
     * alone, less than the JDK's init; from two blocks on the JDK is ahead (PacketCipherBenchmark, JDK 25,
     * AVX-512, direct: 56-byte packets 2.20 M seals/s ours against 2.01 M, 88-byte ones 1.50 M against 1.89 M).
     */
    static final int JDK_FROM = KEYSTREAM_BLOCK + 1;
    /** The length from which K_2 goes through the JDK's ChaCha20 when it never does. */
    static final int NEVER = Integer.MAX_VALUE;
    /** The first JDK whose ChaCha20 HotSpot intrinsifies. */
    private static final int FIRST_INTRINSIFIED_FEATURE = 20;
    private static final String INTRINSICS_FLAG = "UseChaCha20Intrinsics";
    private static final String AVX_FLAG = "UseAVX";
    private static final Logger LOG = LoggerFactory.getLogger(ChaCha20Poly1305.class);

    private ChaCha20Poly1305() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int keyLength() {
        return KEY_LENGTH;
    }

    @Override
    public int ivLength() {
        return 0;
    }

    @Override
    public boolean isAead() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Uses the first 64 bytes of {@code key}; ignores the IV and the MAC.
     */
    @Override
    public PacketCipher create(boolean encrypt, byte[] key, byte[] iv, MacAlgorithm mac, byte[] macKey) {
        Keys.check(NAME, key, KEY_LENGTH, iv, 0);
        return create(encrypt, key, Choice.RUNTIME_JDK_FROM);
    }

    /** A packet cipher whose K_2 goes through the JDK's ChaCha20 for packets of at least {@code jdkFrom} bytes. */
    static PacketCipher create(boolean encrypt, byte[] key, int jdkFrom) {
        return new ChaChaPacketCipher(encrypt, key, jdkFrom);
    }

    /**
     * The packet length from which K_2 goes through the JDK's ChaCha20, or {@link #NEVER}: the property's
     * choice ({@code jdk}: every packet; {@code java}: never), else from {@link #JDK_FROM} on where the JDK
     * intrinsifies it. {@code intrinsified} is HotSpot's flag, null where it cannot be read.
     */
    static int jdkFrom(String property, int featureVersion, Boolean intrinsified, boolean available) {
        if (!available) {
            if ("jdk".equals(property)) {
                LOG.warn("{}=jdk, but this runtime has no SunJCE ChaCha20; using sshnetty's", IMPLEMENTATION_PROPERTY);
            }
            return NEVER;
        }
        if ("jdk".equals(property)) {
            return 0;
        }
        if ("java".equals(property)) {
            return NEVER;
        }
        if (property != null) {
            LOG.warn("{}={} is neither jdk nor java; choosing by the runtime", IMPLEMENTATION_PROPERTY, property);
        }
        return featureVersion >= FIRST_INTRINSIFIED_FEATURE && Boolean.TRUE.equals(intrinsified) ? JDK_FROM : NEVER;
    }

    /**
     * Whether HotSpot intrinsifies the JDK's ChaCha20 here: false before JDK 20; its flag {@value #INTRINSICS_FLAG}
     * where the flag can be read; null where this runtime cannot tell (not HotSpot, or jdk.management absent).
     *
     * <p>The flag is a diagnostic one, hidden (and unchangeable) unless {@code -XX:+UnlockDiagnosticVMOptions}.
     * Hidden, it holds HotSpot's default: on where the CPU has the instructions the intrinsic needs, AVX on
     * x86-64 (HotSpot's product flag {@code UseAVX} of 1 or more) and ASIMD on AArch64, which every ARMv8 core
     * has; off elsewhere as far as this method knows (RISC-V's depends on its vector extension).
     */
    static Boolean intrinsified() {
        if (Runtime.version().feature() < FIRST_INTRINSIFIED_FEATURE) {
            return Boolean.FALSE;
        }
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot == null) {
                return null;
            }
            try {
                return Boolean.valueOf(hotSpot.getVMOption(INTRINSICS_FLAG).getValue());
            } catch (IllegalArgumentException hidden) {
                return byDefault(System.getProperty("os.arch", ""), () -> hotSpot.getVMOption(AVX_FLAG).getValue());
            }
        } catch (LinkageError | RuntimeException noDiagnostics) {
            // jdk.management not in the module graph (it is an optional dependency), or not HotSpot.
            return null;
        }
    }

    /** HotSpot's default for {@value #INTRINSICS_FLAG} on {@code arch}, given its {@value #AVX_FLAG} on x86-64. */
    static boolean byDefault(String arch, Supplier<String> useAvx) {
        return switch (arch) {
            case "amd64", "x86_64" -> Integer.parseInt(useAvx.get()) >= 1;
            case "aarch64" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return NAME;
    }

    /** The runtime's choice, made once, at the first cipher created. */
    private static final class Choice {
        static final int RUNTIME_JDK_FROM = choose();

        private static int choose() {
            String property = System.getProperty(IMPLEMENTATION_PROPERTY);
            // Reading HotSpot's flags loads the management classes (tens of ms once): only when they decide.
            boolean forced = "jdk".equals(property) || "java".equals(property);
            int jdkFrom = jdkFrom(property, Runtime.version().feature(), forced ? null : intrinsified(),
                    JdkChaCha20.available());
            LOG.debug("{}: K_2 through {}", NAME, jdkFrom == NEVER ? "sshnetty's ChaCha20"
                    : "the JDK's ChaCha20 for packets of " + jdkFrom + " bytes and more");
            return jdkFrom;
        }
    }

    private static final class ChaChaPacketCipher implements PacketCipher {
        private final boolean encrypt;
        /** K_2: the payload's keystream from block 1 on; block 0 is the Poly1305 key. */
        private final ChaCha20 payloadKey;
        /** K_2 again, through the JDK, for packets of at least {@link #jdkFrom} bytes; null when never. */
        private final JdkChaCha20 jdkPayloadKey;
        private final int jdkFrom;
        /** K_1: block 0 encrypts the length. */
        private final ChaCha20 lengthKey;
        private final byte[] polyKey = new byte[KEYSTREAM_BLOCK];
        private final byte[] lengthField = new byte[LENGTH_FIELD];
        /** Views of the two arrays above for ChaCha20, made once rather than per packet. */
        private final ByteBuffer polyKeyView = ByteBuffer.wrap(polyKey);
        private final ByteBuffer lengthView = ByteBuffer.wrap(lengthField);
        private final byte[] computedTag = new byte[TAG_LENGTH];
        private final byte[] receivedTag = new byte[TAG_LENGTH];

        ChaChaPacketCipher(boolean encrypt, byte[] key, int jdkFrom) {
            this.encrypt = encrypt;
            this.payloadKey = new ChaCha20(key, 0);
            this.jdkPayloadKey = jdkFrom == NEVER ? null : new JdkChaCha20(key, 0);
            this.jdkFrom = jdkFrom;
            this.lengthKey = new ChaCha20(key, HALF_KEY);
        }

        @Override
        public int blockSize() {
            return BLOCK_SIZE;
        }

        @Override
        public int tagLength() {
            return TAG_LENGTH;
        }

        @Override
        public boolean lengthIsAligned() {
            return false;
        }

        @Override
        public int lengthBlockSize() {
            return LENGTH_FIELD;
        }

        /** Decrypts a copy of the length: the buffer keeps the ciphertext, which the tag covers. */
        @Override
        public int decryptLength(int sequenceNumber, ByteBuf in) {
            in.getBytes(in.readerIndex(), lengthField);
            lengthKey.xor(sequenceNumber, 0, lengthView, 0, LENGTH_FIELD);
            return (lengthField[0] & 0xff) << 24 | (lengthField[1] & 0xff) << 16 | (lengthField[2] & 0xff) << 8
                    | lengthField[3] & 0xff;
        }

        @Override
        public void open(int sequenceNumber, ByteBuf in, int packetLength) {
            if (encrypt) {
                throw new IllegalStateException("this cipher seals; it cannot open");
            }
            int start = in.readerIndex();
            int packetEnd = start + LENGTH_FIELD + packetLength;
            // The JDK's keystream is started for the Poly1305 key and continued for the payload once the tag holds.
            JdkChaCha20.Keystream jdkKeystream = polyKey(sequenceNumber, packetLength);
            computeTag(in, start, packetEnd);
            in.getBytes(packetEnd, receivedTag);
            if (!MessageDigest.isEqual(computedTag, receivedTag)) {
                throw new SshProtocolException(DisconnectReason.MAC_ERROR, "corrupted MAC on input");
            }
            xorPayload(jdkKeystream, sequenceNumber, in, start + LENGTH_FIELD, packetLength);
            // decryptLength returned packetLength from these very bytes; now the plain length goes in place.
            in.setInt(start, packetLength);
        }

        @Override
        public void seal(int sequenceNumber, ByteBuf out, int packetStart) {
            if (!encrypt) {
                throw new IllegalStateException("this cipher opens; it cannot seal");
            }
            int packetEnd = out.writerIndex();
            out.ensureWritable(TAG_LENGTH);
            out.getBytes(packetStart, lengthField);
            lengthKey.xor(sequenceNumber, 0, lengthView, 0, LENGTH_FIELD);
            out.setBytes(packetStart, lengthField);
            int packetLength = packetEnd - packetStart - LENGTH_FIELD;
            JdkChaCha20.Keystream jdkKeystream = polyKey(sequenceNumber, packetLength);
            xorPayload(jdkKeystream, sequenceNumber, out, packetStart + LENGTH_FIELD, packetLength);
            computeTag(out, packetStart, packetEnd);
            out.writeBytes(computedTag);
        }

        /**
         * K_2's block 0 into polyKey: from the JDK's ChaCha20 for a packet of at least {@link #jdkFrom} bytes,
         * returning its keystream, positioned at block 1 for the payload; else from ours, returning null.
         */
        private JdkChaCha20.Keystream polyKey(int sequenceNumber, int packetLength) {
            if (packetLength >= jdkFrom) {
                return jdkPayloadKey.begin(sequenceNumber, polyKey);
            }
            Arrays.fill(polyKey, (byte) 0);
            payloadKey.xor(sequenceNumber, 0, polyKeyView, 0, KEYSTREAM_BLOCK);
            return null;
        }

        /** XORs the packet after its length with K_2 from block 1 on: the JDK's keystream when begun, else ours. */
        private void xorPayload(JdkChaCha20.Keystream jdkKeystream, int sequenceNumber, ByteBuf buf, int index, int length) {
            if (jdkKeystream != null) {
                jdkKeystream.xor(buf, index, length);
            } else {
                payloadKey.xor(sequenceNumber, 1, InPlace.region(buf, index, length), 0, length);
            }
        }

        /** Poly1305 over {@code [from, to)} of the buffer, in place, keyed by polyKey, into computedTag. */
        private void computeTag(ByteBuf buf, int from, int to) {
            Poly1305.tag(polyKey, 0, InPlace.region(buf, from, to - from), 0, to - from, computedTag);
        }
    }
}
