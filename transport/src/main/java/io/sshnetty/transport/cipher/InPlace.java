package io.sshnetty.transport.cipher;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Views of a packet's bytes for the JCA's {@link ByteBuffer} APIs, so that ciphers and MACs work on the
 * buffer's own memory (heap or direct) rather than on a copy.
 */
final class InPlace {
    private InPlace() {
    }

    /**
     * The bytes {@code [index, index + length)} of {@code buf} as a {@link ByteBuffer} sharing its memory.
     * The range may reach past the writer index up to the capacity (where a tag is about to be written).
     *
     * @throws IllegalArgumentException when the buffer is not one contiguous region: a composite's
     *                                  {@code nioBuffer} would be a copy and in-place work would be lost
     */
    static ByteBuffer region(ByteBuf buf, int index, int length) {
        if (buf.nioBufferCount() != 1) {
            throw new IllegalArgumentException("packet buffer spans " + buf.nioBufferCount()
                    + " regions; ciphers work in place on one contiguous buffer");
        }
        return buf.nioBuffer(index, length);
    }

    /**
     * Runs a streaming cipher over {@code [index, index + length)} of {@code buf}, writing the result over
     * its input. Used with stream-like modes (CTR, ChaCha20) whose update consumes and produces every byte.
     */
    static void crypt(Cipher cipher, ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        ByteBuffer input = region(buf, index, length);
        // Distinct objects over the same memory: the JCA refuses the same ByteBuffer as input and output,
        // and with equal start positions writing never overtakes reading.
        ByteBuffer output = input.duplicate();
        int produced;
        try {
            produced = cipher.update(input, output);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.getAlgorithm() + " failed in place", e);
        }
        if (produced != length) {
            throw new IllegalStateException(cipher.getAlgorithm() + " produced " + produced + " of " + length + " bytes");
        }
    }
}
