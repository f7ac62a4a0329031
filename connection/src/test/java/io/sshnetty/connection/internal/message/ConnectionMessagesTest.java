package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every inbound connection message: encode then decode gives it back, and no cut or padded copy decodes. */
class ConnectionMessagesTest {
    /** One of each message and request type a client sends, built fresh (data messages own a buffer). */
    static Stream<Supplier<ConnectionMessage>> messages() {
        Map<Integer, Integer> modes = new LinkedHashMap<>();
        modes.put(3, 127); // VERASE
        modes.put(53, 1); // ECHO
        modes.put(128, 38400); // TTY_OP_ISPEED
        return Stream.of(
                () -> new ChannelOpen(3, 2 * 1024 * 1024, 32 * 1024, new ChannelOpen.Session()),
                () -> new ChannelOpen(4, 2 * 1024 * 1024, 32 * 1024, new ChannelOpen.DirectTcpip("localhost", 22, "127.0.0.1", 50022)),
                () -> new ChannelOpen(5, 1024, 0xFFFF_FFFF, new ChannelOpen.DirectStreamlocal("/run/app.sock", "", 0)),
                () -> new ChannelOpen(6, 1024, 1024, new ChannelOpen.Unknown("x11")),
                () -> new ChannelOpenConfirmation(1, 7, 2 * 1024 * 1024, 32 * 1024),
                () -> new ChannelOpenFailure(1, ChannelOpenFailure.CONNECT_FAILED, "refused: ü", "en"),
                () -> new ChannelWindowAdjust(2, 0xFFFF_FFF0),
                () -> new ChannelData(2, ChannelData.NOT_EXTENDED, Unpooled.copiedBuffer("ls -l\n", StandardCharsets.UTF_8)),
                () -> new ChannelData(2, ChannelData.NOT_EXTENDED, Unpooled.EMPTY_BUFFER),
                () -> new ChannelData(2, ChannelData.EXTENDED_STDERR, Unpooled.wrappedBuffer(new byte[] {1, 2, 3})),
                () -> new ChannelSignal(MessageNumbers.CHANNEL_EOF, 2),
                () -> new ChannelSignal(MessageNumbers.CHANNEL_CLOSE, 2),
                () -> new ChannelSignal(MessageNumbers.CHANNEL_SUCCESS, 2),
                () -> new ChannelSignal(MessageNumbers.CHANNEL_FAILURE, 2),
                () -> new GlobalRequest(true, new GlobalRequest.TcpipForward("", 0)),
                () -> new GlobalRequest(true, new GlobalRequest.CancelTcpipForward("localhost", 8080)),
                () -> new GlobalRequest(true, new GlobalRequest.StreamlocalForward("/tmp/listen.sock")),
                () -> new GlobalRequest(false, new GlobalRequest.CancelStreamlocalForward("/tmp/listen.sock")),
                () -> new GlobalRequest(true, new GlobalRequest.Keepalive()),
                () -> new GlobalRequest(false, new GlobalRequest.NoMoreSessions()),
                () -> new GlobalRequest(false, new GlobalRequest.HostKeysProve(List.of(new byte[] {0, 0, 0, 1, 'k'}, new byte[0]))),
                () -> new GlobalRequest(true, new GlobalRequest.Unknown("keepalive@example.com")),
                () -> new ChannelRequest(0, true, new ChannelRequest.PtyReq("xterm-256color", 80, 24, 640, 480, modes)),
                () -> new ChannelRequest(0, true, new ChannelRequest.PtyReq("vt100", 0, 0, 0, 0, Map.of())),
                () -> new ChannelRequest(0, false, new ChannelRequest.Env("LANG", "de_DE.UTF-8")),
                () -> new ChannelRequest(0, true, new ChannelRequest.Shell()),
                () -> new ChannelRequest(0, true, new ChannelRequest.Exec("echo 'ä' | wc -c")),
                () -> new ChannelRequest(0, true, new ChannelRequest.Subsystem("sftp")),
                () -> new ChannelRequest(0, false, new ChannelRequest.WindowChange(132, 43, 0, 0)),
                () -> new ChannelRequest(0, false, new ChannelRequest.Signal("INT")),
                () -> new ChannelRequest(0, true, new ChannelRequest.Break(500)),
                () -> new ChannelRequest(0, false, new ChannelRequest.ExitStatus(3)),
                () -> new ChannelRequest(0, false, new ChannelRequest.ExitSignal("KILL", true, "killed", "en")),
                () -> new ChannelRequest(0, false, new ChannelRequest.EndOfWrite()),
                () -> new ChannelRequest(0, true, new ChannelRequest.AgentForwarding()),
                () -> new ChannelRequest(0, true, new ChannelRequest.X11(false, "MIT-MAGIC-COOKIE-1", "00ff", 0)),
                () -> new ChannelRequest(0, false, new ChannelRequest.Unknown("winadj@putty.projects.tartarus.org")));
    }

    @Test
    void everyMessageSurvivesEncodeThenDecode() {
        messages().forEach(make -> {
            ConnectionMessage message = make.get();
            ByteBuf encoded = Unpooled.buffer();
            ConnectionMessage decoded = null;
            try {
                message.encode(encoded);
                decoded = ConnectionMessages.decode(encoded);
                assertEquals(message, decoded);
                assertEquals(message.messageNumber(), decoded.messageNumber());
                assertTrue(!encoded.isReadable(), message + " read to its end");
            } finally {
                release(message);
                release(decoded);
                encoded.release();
            }
        });
    }

    @Test
    void everyTruncationOfEveryMessageIsADecodeErrorNeverAnIndexError() {
        messages().forEach(make -> {
            ConnectionMessage message = make.get();
            ByteBuf whole = Unpooled.buffer();
            try {
                message.encode(whole);
                for (int length = 0; length < whole.readableBytes(); length++) {
                    ByteBuf cut = whole.slice(0, length);
                    if (isHostKeysProve(message) && length >= headLength(whole)) {
                        // Its key blobs run to the end of the message: a cut between two blobs is a shorter list.
                        try {
                            release(ConnectionMessages.decode(cut));
                        } catch (SshProtocolException fine) {
                            assertEquals(DisconnectReason.PROTOCOL_ERROR, fine.reason());
                        }
                        continue;
                    }
                    int at = length;
                    SshProtocolException error = assertThrows(SshProtocolException.class,
                            () -> release(ConnectionMessages.decode(cut)), message + " cut at " + at);
                    assertEquals(DisconnectReason.PROTOCOL_ERROR, error.reason());
                }
            } finally {
                release(message);
                whole.release();
            }
        });
    }

    @Test
    void aByteAfterAKnownMessageIsADecodeError() {
        messages().forEach(make -> {
            ConnectionMessage message = make.get();
            ByteBuf padded = Unpooled.buffer();
            try {
                message.encode(padded);
                padded.writeByte(0);
                if (isUnknown(message) || isHostKeysProve(message)) {
                    // An unknown type's fields are not read; a zero byte cannot end a list of blobs either way.
                    if (isUnknown(message)) {
                        release(ConnectionMessages.decode(padded));
                    }
                    return;
                }
                assertThrows(SshProtocolException.class, () -> release(ConnectionMessages.decode(padded)), message.toString());
            } finally {
                release(message);
                padded.release();
            }
        });
    }

    @Test
    void channelDataIsARetainedSliceOfThePacketNotACopy() {
        ByteBuf payload = Unpooled.buffer();
        payload.writeByte(MessageNumbers.CHANNEL_DATA).writeInt(9);
        Wire.writeBytes(payload, new byte[] {'a', 'b', 'c'});
        ChannelData data = ChannelData.decode(payload);
        try {
            assertEquals(2, payload.refCnt(), "the data holds the packet");
            payload.setByte(9, 'z');
            assertEquals('z', data.content().getByte(0), "the data is the packet's own memory");
            assertEquals(9, data.recipientChannel());
        } finally {
            data.release();
        }
        assertEquals(1, payload.refCnt());
        payload.release();
    }

    @Test
    void extendedDataWithTypeCodeZeroStaysExtended() {
        ByteBuf payload = Unpooled.buffer();
        payload.writeByte(MessageNumbers.CHANNEL_EXTENDED_DATA).writeInt(1).writeInt(0);
        Wire.writeBytes(payload, new byte[] {'x'});
        ChannelData data = ChannelData.decode(payload);
        try {
            assertTrue(data.isExtended());
            assertEquals(MessageNumbers.CHANNEL_EXTENDED_DATA, data.messageNumber());
        } finally {
            data.release();
            payload.release();
        }
    }

    @Test
    void terminalModesStopAtAnOpcodeWithoutArgumentAndFailInsideAnArgument() {
        ChannelRequest stopped = decodeRequest(Unpooled.wrappedBuffer(new byte[] {1, 0, 0, 0, 3, (byte) 160, 2, 0, 0, 0, 9}));
        assertEquals(Map.of(1, 3), ((ChannelRequest.PtyReq) stopped.type()).modes());
        assertThrows(SshProtocolException.class, () -> decodeRequest(Unpooled.wrappedBuffer(new byte[] {1, 0, 0})));
    }

    @Test
    void hugeLengthsAndForeignNumbersAreDecodeErrors() {
        ByteBuf huge = Unpooled.buffer().writeByte(MessageNumbers.CHANNEL_DATA).writeInt(0).writeInt(0x7FFF_FFFF);
        ByteBuf foreign = Unpooled.buffer().writeByte(MessageNumbers.CHANNEL_EOF).writeInt(0);
        try {
            assertThrows(SshProtocolException.class, () -> ConnectionMessages.decode(huge));
            foreign.markReaderIndex();
            assertThrows(SshProtocolException.class, () -> ChannelWindowAdjust.decode(foreign));
            foreign.resetReaderIndex();
            assertThrows(SshProtocolException.class, () -> ChannelData.decode(foreign));
            assertThrows(SshProtocolException.class, () -> ConnectionMessages.decode(Unpooled.EMPTY_BUFFER));
            assertNull(ConnectionMessages.decode(Unpooled.wrappedBuffer(new byte[] {(byte) MessageNumbers.KEXINIT})));
        } finally {
            huge.release();
            foreign.release();
        }
    }

    @Test
    void decodedRequestsNameTheirTypes() {
        ChannelRequest request = ChannelRequest.exitSignal(4, "TERM", false, "bye");
        assertEquals("exit-signal", request.requestType());
        assertInstanceOf(ChannelRequest.ExitSignal.class, request.type());
        assertEquals("tcpip-forward", new GlobalRequest(true, new GlobalRequest.TcpipForward("", 0)).requestName());
        assertEquals("direct-tcpip", new ChannelOpen(0, 0, 0, new ChannelOpen.DirectTcpip("h", 1, "o", 2)).channelType());
    }

    /** A pty-req on channel 0 whose encoded terminal modes are {@code modes}. */
    private static ChannelRequest decodeRequest(ByteBuf modes) {
        ByteBuf payload = Unpooled.buffer();
        try {
            payload.writeByte(MessageNumbers.CHANNEL_REQUEST).writeInt(0);
            Wire.writeAscii(payload, "pty-req");
            Wire.writeBoolean(payload, true);
            Wire.writeAscii(payload, "xterm");
            payload.writeInt(80).writeInt(24).writeInt(0).writeInt(0);
            Wire.writeBytes(payload, modes);
            return ChannelRequest.decode(payload);
        } finally {
            payload.release();
            modes.release();
        }
    }

    private static boolean isHostKeysProve(ConnectionMessage message) {
        return message instanceof GlobalRequest request && request.type() instanceof GlobalRequest.HostKeysProve;
    }

    private static boolean isUnknown(ConnectionMessage message) {
        return message instanceof GlobalRequest global && global.type() instanceof GlobalRequest.Unknown
                || message instanceof ChannelOpen open && open.type() instanceof ChannelOpen.Unknown
                || message instanceof ChannelRequest request && request.type() instanceof ChannelRequest.Unknown;
    }

    /** The bytes of a GLOBAL_REQUEST before its fields. */
    private static int headLength(ByteBuf encoded) {
        return 1 + 4 + encoded.getInt(1) + 1;
    }

    private static void release(ConnectionMessage message) {
        if (message instanceof ChannelData data && data.refCnt() > 0) {
            data.release();
        }
    }
}
