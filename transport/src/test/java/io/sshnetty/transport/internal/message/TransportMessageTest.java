package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.message.TransportMessageSamples.Sample;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every inbound transport message's decoder: round trips, truncations, and what real clients send. */
class TransportMessageTest {
    static List<Sample> samples() {
        return TransportMessageSamples.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void encodeThenDecodeGivesTheSameBytes(Sample sample) {
        byte[] encoded = TransportMessageSamples.encode(sample.message());
        SshMessage decoded = TransportMessageSamples.decodeOrNull(sample.decoder(), encoded);
        assertNotNull(decoded, sample + " decodes");
        assertEquals(sample.message().getClass(), decoded.getClass());
        assertArrayEquals(encoded, TransportMessageSamples.encode(decoded), sample + " re-encodes");
    }

    @Test
    void everyTruncationOfEveryMessageIsADecodeErrorNeverAnIndexError() {
        for (Sample sample : samples()) {
            byte[] encoded = TransportMessageSamples.encode(sample.message());
            for (int length = 0; length < encoded.length; length++) {
                ByteBuf cut = Unpooled.wrappedBuffer(encoded, 0, length);
                int at = length;
                assertThrows(SshProtocolException.class, () -> sample.decoder().apply(cut), sample + " cut at " + at);
            }
        }
    }

    @Test
    void trailingBytesAfterAnyMessageAreADecodeError() {
        for (Sample sample : samples()) {
            ByteBuf longer = Unpooled.buffer();
            sample.message().encode(longer);
            longer.writeByte(0);
            assertThrows(SshProtocolException.class, () -> sample.decoder().apply(longer), sample.toString());
        }
    }

    @Test
    void aDecoderGivenAnotherMessageNumberRefusesIt() {
        ByteBuf ping = Unpooled.buffer().writeByte(MessageNumbers.PONG).writeInt(0);
        SshProtocolException error = assertThrows(SshProtocolException.class, () -> Ping.decode(ping));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, error.reason());
        assertThrows(SshProtocolException.class, () -> TransportMessage.decode(Unpooled.buffer().writeByte(50)));
        assertThrows(SshProtocolException.class, () -> TransportMessage.decode(Unpooled.EMPTY_BUFFER));
        assertThrows(SshProtocolException.class,
                () -> TransportMessageSamples.ONE_ROUND.decode(Unpooled.buffer().writeByte(34).writeInt(0)));
        assertThrows(SshProtocolException.class,
                () -> TransportMessageSamples.GROUP_EXCHANGE.decode(Unpooled.buffer().writeByte(31).writeInt(0)));
    }

    @Test
    void extInfoNamingAnExtensionTwiceIsRefused() {
        ByteBuf in = Unpooled.buffer().writeByte(MessageNumbers.EXT_INFO).writeInt(2);
        for (int i = 0; i < 2; i++) {
            Wire.writeAscii(in, "ping@openssh.com");
            Wire.writeAscii(in, "0");
        }
        assertThrows(SshProtocolException.class, () -> ExtInfo.decode(in));
    }

    @Test
    void nameListsWithControlSpaceOrNonAsciiCharactersAreRefused() {
        for (String bad : List.of("a b", "a\tb", "a\u0000", "caf\u00e9", "a,,b", ",a", "a,")) {
            ByteBuf in = Unpooled.buffer();
            Wire.writeUtf8(in, bad);
            assertThrows(SshProtocolException.class, () -> Wire.readNameList(in), bad);
        }
    }

    @Test
    void hugeLengthsAreDecodeErrorsNotAllocations() {
        ByteBuf ignore = Unpooled.buffer().writeByte(MessageNumbers.IGNORE).writeInt(-1);
        assertThrows(SshProtocolException.class, () -> Ignore.decode(ignore));
        ByteBuf extInfo = Unpooled.buffer().writeByte(MessageNumbers.EXT_INFO).writeInt(Integer.MAX_VALUE);
        assertThrows(SshProtocolException.class, () -> ExtInfo.decode(extInfo));
        ByteBuf init = Unpooled.buffer().writeByte(30).writeInt(4096).writeZero(4096);
        assertThrows(SshProtocolException.class, () -> TransportMessageSamples.ONE_ROUND.decode(init));
    }

    /** The captured payloads of OpenSSH, PuTTY, Dropbear and paramiko in the fuzz corpus decode and re-encode exactly. */
    @Test
    void realClientsMessagesRoundTrip() throws IOException, URISyntaxException {
        URL corpus = getClass().getResource("TransportMessageFuzzTestInputs/decode");
        assertNotNull(corpus);
        List<Path> captured;
        try (Stream<Path> files = Files.list(Path.of(corpus.toURI()))) {
            captured = files.filter(file -> file.getFileName().toString().matches("(openssh|plink|dropbear|paramiko)-.*"))
                    .sorted().toList();
        }
        assertTrue(captured.size() >= 20, "captured messages: " + captured.size());
        for (Path file : captured) {
            byte[] payload;
            try (InputStream in = Files.newInputStream(file)) {
                payload = in.readAllBytes();
            }
            Function<ByteBuf, SshMessage> decoder = decoderFor(file.getFileName().toString(), payload[0]);
            SshMessage message = TransportMessageSamples.decodeOrNull(decoder, payload);
            assertNotNull(message, file.getFileName() + " decodes");
            assertArrayEquals(payload, TransportMessageSamples.encode(message), file.getFileName() + " re-encodes");
        }
    }

    private static Function<ByteBuf, SshMessage> decoderFor(String name, int number) {
        if (number < 30 || number > 49) {
            return TransportMessage::decode;
        }
        return name.contains("group-exchange")
                ? TransportMessageSamples.GROUP_EXCHANGE::decode : TransportMessageSamples.ONE_ROUND::decode;
    }

    @Test
    void decodeAcceptsEveryDefinedNumberAndOnlyThose() {
        List<Sample> samples = samples();
        for (int number = 0; number < 256; number++) {
            int n = number;
            assertEquals(TransportMessage.isDefined(n), samples.stream()
                    .anyMatch(sample -> sample.message() instanceof TransportMessage && sample.message().messageNumber() == n),
                    "number " + n);
        }
        assertFalse(TransportMessage.isDefined(MessageNumbers.USERAUTH_REQUEST));
    }
}
