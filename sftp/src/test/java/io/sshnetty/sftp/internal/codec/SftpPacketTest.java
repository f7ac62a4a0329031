package io.sshnetty.sftp.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sshnetty.sftp.internal.codec.SftpPacket.ExtensionPair;
import io.sshnetty.sftp.internal.codec.SftpPacket.NameEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SftpPacketTest {
    private static final FileAttributes FULL = new FileAttributes(1234567890123L, 1000, 100, 0100644, 1700000000L,
            1700000001L, Map.of("vendor@example.com", "data\u0000\u00ff"));
    private static final FileAttributes SIZE_ONLY = FileAttributes.EMPTY.withSize(7L);

    /** Every packet without a buffer field: encode, frame, decode, and compare as values. */
    static Stream<SftpPacket> packets() {
        return Stream.of(
                new SftpPacket.Init(3, List.of()),
                new SftpPacket.Init(6, List.of(new ExtensionPair("x@y", "1"))),
                new SftpPacket.Version(3, Extensions.ANNOUNCED),
                new SftpPacket.Open(1, "/a/b.txt", OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC, FULL),
                new SftpPacket.Close(2, "h\u0000\u00ff"),
                new SftpPacket.Read(3, "7", Long.MAX_VALUE - 1, 0xFFFF_FFFF),
                new SftpPacket.Lstat(4, "l"),
                new SftpPacket.Fstat(5, "h"),
                new SftpPacket.Setstat(6, "/s", SIZE_ONLY),
                new SftpPacket.Fsetstat(7, "h", FileAttributes.EMPTY.withTimes(1L, 2L)),
                new SftpPacket.Opendir(8, "/d"),
                new SftpPacket.Readdir(9, "h"),
                new SftpPacket.Remove(10, "r"),
                new SftpPacket.Mkdir(11, "/m", FileAttributes.EMPTY.withPermissions(0755)),
                new SftpPacket.Rmdir(12, "/m"),
                new SftpPacket.Realpath(13, "."),
                new SftpPacket.Stat(14, "ünïcödé"),
                new SftpPacket.Rename(15, "/old", "/new"),
                new SftpPacket.Readlink(16, "/link"),
                new SftpPacket.Symlink(17, "/target", "/link"),
                new SftpPacket.Status(18, StatusCode.NO_SUCH_FILE, "No such file", "en"),
                new SftpPacket.Handle(19, "0"),
                new SftpPacket.Name(20, List.of(new NameEntry("a", "-rw-r--r--    1 u g 1 Jan  1  2020 a", FULL),
                        new NameEntry("b", "b", FileAttributes.EMPTY))),
                new SftpPacket.Attrs(21, FULL.withOwner(null, null)),
                new SftpPacket.Unknown(-1, 99));
    }

    @ParameterizedTest
    @MethodSource("packets")
    void everyPacketRoundTrips(SftpPacket packet) {
        ByteBuf framed = Unpooled.buffer();
        try {
            SftpPackets.encodeFramed(packet, framed);
            int length = SftpPackets.peekLength(framed, SftpPackets.DEFAULT_MAX_PACKET_LENGTH);
            assertEquals(framed.readableBytes() - 4, length);
            framed.skipBytes(4);
            SftpPacket decoded = SftpPackets.decode(framed);
            assertEquals(packet, decoded);
            assertEquals(packet.type(), decoded.type());
            assertEquals(0, framed.readableBytes());
        } finally {
            framed.release();
        }
    }

    @Test
    void writeAndDataCarrySlicesOfThePacketNotCopies() {
        ByteBuf payload = Unpooled.copiedBuffer("file bytes", StandardCharsets.UTF_8);
        ByteBuf encoded = Unpooled.buffer();
        new SftpPacket.Write(30, "h", 4096, payload).encode(encoded);
        new SftpPacket.Data(31, payload).encode(encoded);
        payload.release();
        SftpPacket.Write write = (SftpPacket.Write) SftpPackets.decode(encoded);
        SftpPacket.Data data = (SftpPacket.Data) SftpPackets.decode(encoded);
        assertEquals(4096, write.offset());
        assertEquals("file bytes", write.data().toString(StandardCharsets.UTF_8));
        assertEquals("file bytes", data.data().toString(StandardCharsets.UTF_8));
        assertTrue(write.data().unwrap() == encoded || write.data().unwrap() == encoded.unwrap(), "a slice of the packet");
        assertEquals(3, encoded.refCnt());
        write.release();
        data.release();
        encoded.release();
        assertEquals(0, encoded.refCnt());
    }

    @Test
    void extendedRequestAndReplyCarryTheRestOfThePacket() {
        ByteBuf body = Unpooled.buffer();
        new Extensions.TwoPaths("/a", "/b").encode(body);
        ByteBuf request = Unpooled.buffer();
        ByteBuf response = Unpooled.buffer();
        new SftpPacket.Extended(40, Extensions.POSIX_RENAME, body).encode(request);
        new SftpPacket.ExtendedReply(41, body).encode(response);
        body.release();
        SftpPacket.Extended extended = (SftpPacket.Extended) SftpPackets.decode(request);
        SftpPacket.ExtendedReply reply = (SftpPacket.ExtendedReply) SftpPackets.decode(response);
        try {
            assertEquals(Extensions.POSIX_RENAME, extended.request());
            assertEquals(new Extensions.TwoPaths("/a", "/b"), Extensions.TwoPaths.decode(extended.data()));
            assertEquals(new Extensions.TwoPaths("/a", "/b"), Extensions.TwoPaths.decode(reply.data()));
        } finally {
            extended.release();
            reply.release();
            request.release();
            response.release();
        }
    }

    static Stream<Object[]> extensionPayloads() {
        return Stream.of(
                payload(new Extensions.TwoPaths("/x", "/y"), Extensions.TwoPaths::encode, Extensions.TwoPaths::decode),
                payload(new Extensions.OnePath("~/d"), Extensions.OnePath::encode, Extensions.OnePath::decode),
                payload(new Extensions.OneHandle("12"), Extensions.OneHandle::encode, Extensions.OneHandle::decode),
                payload(new Extensions.PathAndAttributes("/p", FULL), Extensions.PathAndAttributes::encode,
                        Extensions.PathAndAttributes::decode),
                payload(new Extensions.CopyData("1", 10, 0, "2", 20), Extensions.CopyData::encode, Extensions.CopyData::decode),
                payload(new Extensions.Ids(List.of(0, 1000), List.of(100)), Extensions.Ids::encode, Extensions.Ids::decode),
                payload(new Extensions.Names(List.of("root", ""), List.of("users")), Extensions.Names::encode,
                        Extensions.Names::decode),
                payload(new Extensions.Limits(262144, 261120, 261120, 256), Extensions.Limits::encode, Extensions.Limits::decode),
                payload(new Extensions.SpaceAvailable(1 << 30, 1 << 29, 1 << 30, 1 << 28, 4096), Extensions.SpaceAvailable::encode,
                        Extensions.SpaceAvailable::decode),
                payload(new Extensions.Statvfs(4096, 4096, 100, 50, 40, 0, 0, 0, 0, 2, 255), Extensions.Statvfs::encode,
                        Extensions.Statvfs::decode));
    }

    private static <T> Object[] payload(T value, java.util.function.BiConsumer<T, ByteBuf> encode, Function<ByteBuf, T> decode) {
        Consumer<ByteBuf> encoder = out -> encode.accept(value, out);
        return new Object[] {value, encoder, decode};
    }

    @ParameterizedTest
    @MethodSource("extensionPayloads")
    void everyExtensionPayloadRoundTrips(Object value, Consumer<ByteBuf> encode, Function<ByteBuf, Object> decode) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            encode.accept(buffer);
            assertEquals(value, decode.apply(buffer));
            assertEquals(0, buffer.readableBytes());
        } finally {
            buffer.release();
        }
    }

    @Test
    void everyTruncationOfEveryPacketIsADecodeErrorNeverAnIndexError() {
        packets().forEach(packet -> {
            ByteBuf whole = Unpooled.buffer();
            packet.encode(whole);
            try {
                for (int length = 0; length < whole.readableBytes(); length++) {
                    ByteBuf cut = whole.slice(0, length);
                    if (packet instanceof SftpPacket.Init || packet instanceof SftpPacket.Version
                            || packet instanceof SftpPacket.Unknown || packet instanceof SftpPacket.Status) {
                        // Extension lists end where the packet ends; STATUS strings are optional (old servers).
                        try {
                            SftpPackets.decode(cut);
                        } catch (SftpDecodeException expected) {
                            // fine too
                        }
                        continue;
                    }
                    int at = length;
                    assertThrows(SftpDecodeException.class, () -> SftpPackets.decode(cut), packet + " cut at " + at);
                }
            } finally {
                whole.release();
            }
        });
    }

    @Test
    void aDecodeErrorCarriesTheRequestIdWhenItWasRead() {
        ByteBuf packet = Unpooled.buffer();
        packet.writeByte(SftpPacket.OPEN).writeInt(77).writeInt(1_000_000);
        try {
            SftpDecodeException error = assertThrows(SftpDecodeException.class, () -> SftpPackets.decode(packet));
            assertEquals(77, error.requestId());
        } finally {
            packet.release();
        }
        ByteBuf noId = Unpooled.buffer().writeByte(SftpPacket.OPEN).writeShort(1);
        try {
            assertEquals(SftpDecodeException.NO_REQUEST_ID,
                    assertThrows(SftpDecodeException.class, () -> SftpPackets.decode(noId)).requestId());
        } finally {
            noId.release();
        }
    }

    @Test
    void packetLengthsOutsideTheLimitAreRefused() {
        ByteBuf huge = Unpooled.buffer().writeInt(SftpPackets.DEFAULT_MAX_PACKET_LENGTH + 1);
        ByteBuf empty = Unpooled.buffer().writeInt(0);
        ByteBuf partial = Unpooled.buffer().writeShort(0);
        try {
            assertThrows(SftpDecodeException.class, () -> SftpPackets.peekLength(huge, SftpPackets.DEFAULT_MAX_PACKET_LENGTH));
            assertThrows(SftpDecodeException.class, () -> SftpPackets.peekLength(empty, SftpPackets.DEFAULT_MAX_PACKET_LENGTH));
            assertEquals(-1, SftpPackets.peekLength(partial, SftpPackets.DEFAULT_MAX_PACKET_LENGTH));
        } finally {
            huge.release();
            empty.release();
            partial.release();
        }
    }

    @Test
    void attributeBlocksRefuseUnknownFlagsAndHugeExtendedCounts() {
        ByteBuf unknownFlag = Unpooled.buffer().writeInt(0x40);
        ByteBuf hugeCount = Unpooled.buffer().writeInt(FileAttributes.EXTENDED).writeInt(Integer.MAX_VALUE);
        try {
            assertThrows(SftpDecodeException.class, () -> FileAttributes.decode(unknownFlag));
            assertThrows(SftpDecodeException.class, () -> FileAttributes.decode(hugeCount));
        } finally {
            unknownFlag.release();
            hugeCount.release();
        }
    }

    @Test
    void nameCountsBeyondWhatThePacketHoldsAreRefused() {
        ByteBuf name = Unpooled.buffer().writeByte(SftpPacket.NAME).writeInt(1).writeInt(1_000_000);
        try {
            assertInstanceOf(SftpDecodeException.class, assertThrows(SftpDecodeException.class, () -> SftpPackets.decode(name)));
        } finally {
            name.release();
        }
    }

    @Test
    void symlinkUsesOpenSshsArgumentOrderOnTheWire() {
        ByteBuf encoded = Unpooled.buffer();
        try {
            new SftpPacket.Symlink(1, "target", "link").encode(encoded);
            String hex = ByteBufUtil.hexDump(encoded);
            assertTrue(hex.indexOf(ByteBufUtil.hexDump("target".getBytes(StandardCharsets.UTF_8)))
                    < hex.indexOf(ByteBufUtil.hexDump("link".getBytes(StandardCharsets.UTF_8))), hex);
        } finally {
            encoded.release();
        }
    }
}
