package io.sshnetty.transport.internal.packet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sshnetty.transport.internal.cipher.PacketCipher;
import io.sshnetty.transport.internal.compression.CompressionAlgorithm;
import io.sshnetty.transport.packet.PacketListener;
import io.sshnetty.transport.wire.SshProtocolException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The packet codec's receiving side under each protection of the cipher table, keyed as after NEWKEYS
 * ({@link PacketProtections}): whatever arrives, it emits whole payloads or fails with an
 * {@link SshProtocolException}, discards everything after a failure, and leaves no buffer unreleased.
 *
 * <p>{@link #decryptArbitraryBytes} feeds the bytes as they are, so almost everything fails at the length or
 * the MAC; {@link #openSealedPackets} seals the fuzzer's plain packets correctly first, so it reaches what
 * comes after the MAC: the padding length, the packet length bounds and alignment, NEWKEYS without staged
 * keys, and (when asked) inflation. {@code mvn verify} replays the corpus under
 * {@code src/test/resources/io/sshnetty/transport/internal/packet/PacketCodecFuzzTestInputs/}.
 */
class PacketCodecFuzzTest {
    /**
     * Input: byte 0 picks the protection, byte 1 the piece size the bytes arrive in (0: all at once) and,
     * in its top bit, direct rather than heap buffers; the rest is the wire.
     */
    @FuzzTest
    void decryptArbitraryBytes(byte[] input) {
        if (input.length < 2) {
            return;
        }
        PacketProtections.Protection protection = PacketProtections.pick(input[0]);
        Receiver receiver = new Receiver(protection, false, (input[1] & 0x80) != 0);
        receiver.feed(input, 2, input.length - 2, input[1] & 0x7f);
        receiver.finish();
    }

    /**
     * Input: byte 0 picks the protection; byte 1 holds flags (bit 0: leave the length unaligned, bit 1:
     * inflate payloads with zlib, bit 2: direct buffers) and, in its top five bits, the piece size in
     * units of 8 bytes; then plain packets, each a uint16 body length and the body ({@code padding_length},
     * payload, padding), sealed here with {@code packet_length} in front.
     */
    @FuzzTest
    void openSealedPackets(byte[] input) {
        if (input.length < 2) {
            return;
        }
        PacketProtections.Protection protection = PacketProtections.pick(input[0]);
        int flags = input[1] & 0xff;
        boolean unaligned = (flags & 1) != 0;
        boolean zlib = (flags & 2) != 0;
        Receiver receiver = new Receiver(protection, zlib, (flags & 4) != 0);
        ByteBuf wire = receiver.allocate(input.length * 2 + 256);
        List<byte[]> bodies = new ArrayList<>();
        try {
            PacketCipher sealer = protection.create(true);
            int sequence = PacketProtections.FIRST_SEQUENCE;
            int offset = 2;
            while (offset + 2 <= input.length) {
                int length = Math.min(((input[offset] & 0xff) << 8) | (input[offset + 1] & 0xff), input.length - offset - 2);
                byte[] body = new byte[length + (unaligned ? 0 : PacketProtections.fill(sealer, length))];
                System.arraycopy(input, offset + 2, body, 0, length);
                offset += 2 + length;
                bodies.add(body);
                int start = wire.writerIndex();
                wire.writeInt(body.length).writeBytes(body);
                sealer.seal(sequence++, wire, start);
            }
            receiver.feed(wire, (flags >>> 3) * 8);
        } finally {
            wire.release();
        }
        List<byte[]> payloads = receiver.finish();
        if (!zlib) {
            for (int i = 0; i < payloads.size(); i++) {
                byte[] body = bodies.get(i);
                int payloadLength = body.length - 1 - (body[0] & 0xff);
                byte[] expected = new byte[payloadLength];
                System.arraycopy(body, 1, expected, 0, payloadLength);
                assertArrayEquals(expected, payloads.get(i), "payload " + i);
            }
        }
    }

    /**
     * Writes the seed corpus of both targets: real client payloads sealed under every protection.
     * {@code mvn test -Dtest=PacketCodecFuzzTest#writeSeeds -DexcludedTestGroups= -Dsshnetty.fuzz.seeds=<test resources dir>}
     */
    @Test
    @Tag("seeds") // a seed writer, not a test: excluded from mvn test unless -DexcludedTestGroups= (docs/fuzzing.md)
    void writeSeeds() throws IOException {
        Path base = Path.of(System.getProperty("sshnetty.fuzz.seeds"), "io/sshnetty/transport/internal/packet/PacketCodecFuzzTestInputs");
        Path arbitrary = Files.createDirectories(base.resolve("decryptArbitraryBytes"));
        Path sealed = Files.createDirectories(base.resolve("openSealedPackets"));
        byte[][] payloads = {SERVICE_REQUEST, IGNORE, USERAUTH_NONE};
        for (int i = 0; i < PacketProtections.ALL.size(); i++) {
            PacketProtections.Protection protection = PacketProtections.ALL.get(i);
            String name = protection.name().replace(' ', '_').replace("+", "with").replace('@', '_');
            PacketCipher sealer = protection.create(true);
            ByteBuf wire = Unpooled.buffer();
            ByteBuf plain = Unpooled.buffer();
            try {
                plain.writeByte(i).writeByte(0);
                int sequence = PacketProtections.FIRST_SEQUENCE;
                for (byte[] payload : payloads) {
                    byte[] body = body(sealer, payload);
                    plain.writeShort(body.length).writeBytes(body);
                    int start = wire.writerIndex();
                    wire.writeInt(body.length).writeBytes(body);
                    sealer.seal(sequence++, wire, start);
                }
                byte[] bytes = ByteBufUtil.getBytes(wire);
                if (i % 3 == 0) { // a sample: the sealed target has each protection's valid packets
                    Files.write(arbitrary.resolve(name), concat(new byte[] {(byte) i, 0}, bytes));
                    Files.write(arbitrary.resolve(name + "-in-5-byte-pieces"), concat(new byte[] {(byte) i, 5}, bytes));
                    bytes[bytes.length - 1] ^= 1;
                    Files.write(arbitrary.resolve(name + "-bad-tag-direct"), concat(new byte[] {(byte) i, (byte) 0x80}, bytes));
                }
                Files.write(sealed.resolve(name), ByteBufUtil.getBytes(plain));
            } finally {
                wire.release();
                plain.release();
            }
        }
        Files.write(arbitrary.resolve("none-length-too-large"), new byte[] {0, 0, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0});
        Files.write(arbitrary.resolve("none-length-not-aligned"), new byte[] {0, 0, 0, 0, 0, 9, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0});
        PacketCipher none = PacketProtections.ALL.get(0).create(true);
        byte[] compressed = deflate(USERAUTH_NONE);
        Files.write(sealed.resolve("none-zlib"), concat(new byte[] {0, 2}, framed(body(none, compressed))));
        Files.write(sealed.resolve("none-newkeys-unstaged"), concat(new byte[] {0, 0}, framed(body(none, new byte[] {21}))));
        Files.write(sealed.resolve("none-padding-too-short"), new byte[] {0, 0, 0, 8, 3, 5, 1, 1, 1, 1, 1, 1});
        Files.write(sealed.resolve("none-padding-beyond-packet"), new byte[] {0, 0, 0, 8, (byte) 200, 5, 1, 1, 1, 1, 1, 1});
        Files.write(sealed.resolve("none-unaligned-in-8-byte-pieces"), new byte[] {0, 9, 0, 7, 4, 5, 1, 1, 1, 1, 1});
        Files.write(sealed.resolve("none-empty-body"), new byte[] {0, 0, 0, 0});
    }

    private static final byte[] SERVICE_REQUEST = payload(5, "ssh-userauth");
    private static final byte[] IGNORE = payload(2, "padding for traffic analysis");
    private static final byte[] USERAUTH_NONE = concat(payload(50, "fuzz"), payload(0, "ssh-connection"), payload(0, "none"));

    /** A message number (0: none) followed by one string field. */
    private static byte[] payload(int number, String field) {
        ByteBuf out = Unpooled.buffer();
        try {
            if (number != 0) {
                out.writeByte(number);
            }
            out.writeInt(field.length()).writeCharSequence(field, StandardCharsets.US_ASCII);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** padding_length, payload and random-looking padding, aligned for the cipher with at least four bytes of padding. */
    private static byte[] body(PacketCipher cipher, byte[] payload) {
        int padding = 4 + PacketProtections.fill(cipher, 1 + payload.length + 4);
        byte[] body = new byte[1 + payload.length + padding];
        body[0] = (byte) padding;
        System.arraycopy(payload, 0, body, 1, payload.length);
        for (int i = 1 + payload.length; i < body.length; i++) {
            body[i] = (byte) (i * 13);
        }
        return body;
    }

    private static byte[] framed(byte[] body) {
        return concat(new byte[] {(byte) (body.length >>> 8), (byte) body.length}, body);
    }

    private static byte[] deflate(byte[] payload) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(payload);
            byte[] out = new byte[payload.length + 64];
            int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            return java.util.Arrays.copyOf(out, length);
        } finally {
            deflater.end();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf out = Unpooled.buffer();
        try {
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** A packet codec keyed as after NEWKEYS, counting its buffers. */
    private static final class Receiver {
        private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
        private final EmbeddedChannel channel;
        private final boolean direct;
        private final List<byte[]> payloads = new ArrayList<>();
        private boolean failed;

        Receiver(PacketProtections.Protection protection, boolean zlib, boolean direct) {
            this.direct = direct;
            PacketCodec codec = new PacketCodec(PacketCodec.DEFAULT_MAX_PACKET_LENGTH, PacketListener.NONE);
            channel = new EmbeddedChannel(codec);
            channel.config().setAllocator(allocator);
            codec.stageInbound(protection.create(false), false,
                    zlib ? CompressionAlgorithm.ZLIB.newStream(false, PacketCodec.DEFAULT_MAX_PACKET_LENGTH) : null, false);
            channel.writeInbound(allocate(16).writeBytes(PacketProtections.PLAIN_NEWKEYS));
            InboundPacket newKeys = channel.readInbound();
            assertEquals(PacketProtections.FIRST_SEQUENCE, newKeys.sequenceNumber() + 1);
            newKeys.release();
        }

        ByteBuf allocate(int capacity) {
            return direct ? allocator.directBuffer(capacity) : allocator.heapBuffer(capacity);
        }

        void feed(byte[] bytes, int offset, int length, int piece) {
            ByteBuf wire = allocate(length).writeBytes(bytes, offset, length);
            try {
                feed(wire, piece);
            } finally {
                wire.release();
            }
        }

        void feed(ByteBuf wire, int piece) {
            while (wire.isReadable()) {
                int length = piece == 0 ? wire.readableBytes() : Math.min(piece, wire.readableBytes());
                ByteBuf bytes = allocate(length).writeBytes(wire, length);
                try {
                    channel.writeInbound(bytes);
                } catch (DecoderException e) {
                    assertInstanceOf(SshProtocolException.class, e.getCause(), "the codec's only error");
                    assertEquals(false, failed, "one failure, then everything is discarded");
                    drain(); // the packets decoded before the failure, from the same read
                    failed = true;
                }
                drain();
            }
        }

        private void drain() {
            InboundPacket packet;
            while ((packet = channel.readInbound()) != null) {
                try {
                    assertEquals(false, failed, "no packet after a failure");
                    ByteBuf content = packet.content();
                    byte[] payload = new byte[content.readableBytes()];
                    content.getBytes(content.readerIndex(), payload);
                    payloads.add(payload);
                } finally {
                    packet.release();
                }
            }
        }

        List<byte[]> finish() {
            channel.finishAndReleaseAll();
            assertNull(channel.readInbound());
            assertEquals(0, allocator.metric().usedHeapMemory(), "heap buffers released");
            assertEquals(0, allocator.metric().usedDirectMemory(), "direct buffers released");
            return payloads;
        }
    }
}
