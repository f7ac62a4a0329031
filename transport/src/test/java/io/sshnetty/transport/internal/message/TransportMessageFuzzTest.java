package io.sshnetty.transport.internal.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.message.TransportMessageSamples.Sample;
import io.sshnetty.transport.internal.wire.SshMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every inbound transport decoder fed arbitrary payloads: {@link TransportMessage#decode} and the client
 * messages of both families of key exchange methods (one-round and group exchange), since which one reads
 * numbers 30–49 depends on the negotiated method. Each returns a message that re-encodes and decodes to the
 * same bytes, or throws {@code SshProtocolException}; nothing else. {@code mvn verify} replays the corpus under
 * {@code src/test/resources/io/sshnetty/transport/internal/message/TransportMessageFuzzTestInputs/}: payloads captured
 * from OpenSSH, PuTTY, Dropbear and paramiko (transport/src/test/capture/) and one of every message.
 */
class TransportMessageFuzzTest {
    @FuzzTest
    void decode(byte[] payload) {
        for (Function<ByteBuf, SshMessage> decoder : TransportMessageSamples.DECODERS) {
            SshMessage message = TransportMessageSamples.decodeOrNull(decoder, payload);
            if (message == null) {
                continue;
            }
            byte[] once = TransportMessageSamples.encode(message);
            SshMessage again = TransportMessageSamples.decodeOrNull(decoder, once);
            assertNotNull(again, message + " does not decode after encoding");
            assertArrayEquals(once, TransportMessageSamples.encode(again), message + " changes on a round trip");
        }
    }

    /** Writes one seed per sample message: {@code mvn test -Dtest=TransportMessageFuzzTest#writeSeeds -DexcludedTestGroups= -Dsshnetty.fuzz.seeds=<dir>}. */
    @Test
    @Tag("seeds") // a seed writer, not a test: excluded from mvn test unless -DexcludedTestGroups= (docs/fuzzing.md)
    void writeSeeds() throws IOException {
        Path directory = Files.createDirectories(Path.of(System.getProperty("sshnetty.fuzz.seeds"),
                "io/sshnetty/transport/internal/message/TransportMessageFuzzTestInputs/decode"));
        int i = 0;
        for (Sample sample : TransportMessageSamples.all()) {
            Files.write(directory.resolve(String.format("sample-%02d-%s", i++, sample.message().getClass().getSimpleName())),
                    TransportMessageSamples.encode(sample.message()));
        }
    }
}
