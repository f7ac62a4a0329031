package io.sshnetty.transport.internal.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.packet.PacketListener;
import io.sshnetty.transport.internal.cipher.PacketCipher;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The binary packet protocol without keys: framing, padding, sequence numbers, limits. */
class PacketCodecTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new PacketCodec());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void padsToTheBlockSizeWithAtLeastFourBytes() {
        for (int payloadLength = 1; payloadLength < 40; payloadLength++) {
            int fields = payloadLength - 1;
            channel.writeOutbound(new RawMessage(2, out -> out.writeZero(fields)));
            ByteBuf packet = channel.readOutbound();
            try {
                int packetLength = packet.getInt(0);
                int padding = packet.getUnsignedByte(4);
                assertEquals(packet.readableBytes(), 4 + packetLength);
                assertEquals(0, (4 + packetLength) % 8, "aligned to the block size");
                assertTrue(padding >= 4, "at least four bytes of padding");
                assertEquals(payloadLength, packetLength - 1 - padding);
                assertTrue(packet.readableBytes() >= 16, "at least 16 bytes on the wire");
            } finally {
                packet.release();
            }
        }
    }

    @Test
    void decodesWhatItEncodesEvenWhenBytesArriveOneAtATime() {
        List<ByteBuf> packets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int value = i;
            channel.writeOutbound(new RawMessage(50 + i, out -> out.writeInt(value)));
            packets.add(channel.readOutbound());
        }
        EmbeddedChannel receiver = new EmbeddedChannel(new PacketCodec());
        try {
            for (ByteBuf packet : packets) {
                while (packet.isReadable()) {
                    receiver.writeInbound(packet.readRetainedSlice(1));
                }
                packet.release();
            }
            for (int i = 0; i < 3; i++) {
                InboundPacket received = receiver.readInbound();
                try {
                    assertEquals(i, received.sequenceNumber());
                    assertEquals(50 + i, received.messageNumber());
                    assertEquals(5, received.content().readableBytes());
                    assertEquals(i, received.content().getInt(1));
                } finally {
                    received.release();
                }
            }
            assertNull(receiver.readInbound());
        } finally {
            receiver.finishAndReleaseAll();
        }
    }

    @Test
    void refusesPacketLongerThanTheLimit() {
        ByteBuf packet = Unpooled.buffer();
        packet.writeInt(PacketCodec.DEFAULT_MAX_PACKET_LENGTH + 8);
        packet.writeZero(12);
        assertProtocolError(packet, "out of range");
    }

    @Test
    void refusesLengthNotAlignedToTheBlockSize() {
        ByteBuf packet = Unpooled.buffer();
        packet.writeInt(13);
        packet.writeByte(4);
        packet.writeZero(12);
        assertProtocolError(packet, "multiple");
    }

    @Test
    void refusesPaddingShorterThanFourBytes() {
        ByteBuf packet = Unpooled.buffer();
        packet.writeInt(12);
        packet.writeByte(3);
        packet.writeZero(11);
        assertProtocolError(packet, "padding");
    }

    @Test
    void refusesNewKeysWhenNoKeysWereStaged() {
        EmbeddedChannel sender = new EmbeddedChannel(new PacketCodec());
        sender.writeOutbound(new RawMessage(1, out -> out.writeZero(8)));
        ByteBuf disconnectLike = sender.readOutbound();
        sender.finishAndReleaseAll();
        disconnectLike.setByte(5, 21); // turn it into SSH_MSG_NEWKEYS
        assertProtocolError(disconnectLike, "NEWKEYS");
    }

    @Test
    void aBadMacEndsDecodingEvenWhenTheChannelCloses() {
        for (PacketProtections.Protection protection : PacketProtections.ALL.subList(1, PacketProtections.ALL.size())) {
            PacketCodec codec = new PacketCodec();
            EmbeddedChannel receiver = new EmbeddedChannel(codec);
            codec.stageInbound(protection.create(false), false);
            receiver.writeInbound(Unpooled.wrappedBuffer(PacketProtections.PLAIN_NEWKEYS));
            ((InboundPacket) receiver.readInbound()).release();
            PacketCipher sealer = protection.create(true);
            int length = 28 + PacketProtections.fill(sealer, 28);
            ByteBuf sealed = Unpooled.buffer();
            sealed.writeInt(length).writeByte(4).writeByte(2).writeZero(length - 2);
            sealer.seal(PacketProtections.FIRST_SEQUENCE, sealed, 0);
            sealed.setByte(sealed.writerIndex() - 1, sealed.getByte(sealed.writerIndex() - 1) ^ 1);
            DecoderException error = assertThrows(DecoderException.class, () -> receiver.writeInbound(sealed), protection.name());
            assertEquals(DisconnectReason.MAC_ERROR, assertInstanceOf(SshProtocolException.class, error.getCause()).reason());
            // The failed packet is not opened again, neither by a later read nor by the read at close.
            receiver.writeInbound(Unpooled.wrappedBuffer(new byte[64]));
            assertEquals(false, receiver.finishAndReleaseAll(), protection.name());
        }
    }

    @Test
    void aThrowingListenerEndsDecodingWithoutLeakingThePayload() {
        channel.writeOutbound(new RawMessage(50, out -> out.writeInt(7)));
        channel.writeOutbound(new RawMessage(51, out -> out.writeInt(8)));
        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();
        IllegalStateException failure = new IllegalStateException("listener bug");
        EmbeddedChannel receiver = new EmbeddedChannel(new PacketCodec(PacketCodec.DEFAULT_MAX_PACKET_LENGTH,
                new PacketListener() {
                    @Override
                    public void inbound(int sequenceNumber, ByteBuf payload) {
                        throw failure;
                    }
                }));
        try {
            DecoderException error = assertThrows(DecoderException.class,
                    () -> receiver.writeInbound(Unpooled.wrappedBuffer(first, second)));
            assertEquals(failure, error.getCause());
            assertNull(receiver.readInbound(), "neither packet is passed on");
        } finally {
            receiver.finishAndReleaseAll();
        }
    }

    private void assertProtocolError(ByteBuf packet, String messagePart) {
        DecoderException error = assertThrows(DecoderException.class, () -> channel.writeInbound(packet));
        SshProtocolException cause = assertInstanceOf(SshProtocolException.class, error.getCause());
        assertEquals(DisconnectReason.PROTOCOL_ERROR, cause.reason());
        assertTrue(cause.getMessage().contains(messagePart), cause.getMessage());
        // Once failed, the codec discards whatever else arrives.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[64]));
        assertNull(channel.readInbound());
    }
}
