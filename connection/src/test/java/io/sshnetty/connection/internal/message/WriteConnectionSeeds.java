package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes the edge-case seeds of {@link ConnectionMessagesFuzzTest}: one file per message of
 * {@link ConnectionMessagesTest#messages()}. Run by hand when a message type is added:
 * {@code mvn -pl connection -am test -Dtest=WriteConnectionSeeds -DexcludedTestGroups= -Dsshnetty.writeSeeds=connection/src/test/resources/io/sshnetty/connection/internal/message/ConnectionMessagesFuzzTestInputs/decode}.
 * (The captured sessions' seeds come from the demo module's ConnectionCorpusCapture.)
 */
class WriteConnectionSeeds {
    @Test
    @Tag("seeds") // a seed writer, not a test: excluded from mvn test unless -DexcludedTestGroups= (docs/fuzzing.md)
    void writeOnePerMessage() throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sshnetty.writeSeeds")));
        int index = 0;
        for (Supplier<ConnectionMessage> make : (Iterable<Supplier<ConnectionMessage>>) ConnectionMessagesTest.messages()::iterator) {
            ConnectionMessage message = make.get();
            ByteBuf encoded = Unpooled.buffer();
            try {
                message.encode(encoded);
                String name = String.format("edge-%02d-%s", index++, message.getClass().getSimpleName());
                Files.write(dir.resolve(name), ByteBufUtil.getBytes(encoded));
            } finally {
                if (message instanceof ChannelData data) {
                    data.release();
                }
                encoded.release();
            }
        }
    }
}
