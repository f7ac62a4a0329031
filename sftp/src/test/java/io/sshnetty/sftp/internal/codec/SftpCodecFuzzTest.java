package io.sshnetty.sftp.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SFTP codec fed arbitrary packet bodies: each either decodes or fails with {@link SftpDecodeException}, and
 * whatever decodes survives encode then decode unchanged. {@code mvn verify} replays the corpus under
 * {@code src/test/resources/io/sshnetty/sftp/internal/codec/SftpCodecFuzzTestInputs/}; docs/fuzzing.md says how to fuzz.
 */
class SftpCodecFuzzTest {
    @FuzzTest
    void decode(byte[] input) {
        ByteBuf body = Unpooled.wrappedBuffer(input);
        SftpPacket packet;
        try {
            packet = SftpPackets.decode(body);
        } catch (SftpDecodeException expected) {
            return;
        }
        ByteBuf encoded = Unpooled.buffer();
        try {
            packet.encode(encoded);
            SftpPacket again = SftpPackets.decode(encoded);
            try {
                assertEquals(packet, again);
            } finally {
                again.release();
            }
        } finally {
            packet.release();
            encoded.release();
        }
    }
}
