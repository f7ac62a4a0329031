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
     *
     * <p>A heap buffer's array is worked on in place. A direct buffer goes through this thread's scratch
     * array a chunk at a time: the JCA would copy it into arrays anyway, and allocates them per call to do
     * so (a 4 KiB array per call for AES-CTR; JDK 25's ChaCha20, before we had our own, a whole packet's).
     */
    static void crypt(Cipher cipher, ByteBuf buf, int index, int length) {
        try {
            if (buf.hasArray()) {
                int offset = buf.arrayOffset() + index;
                check(cipher, cipher.update(buf.array(), offset, length, buf.array(), offset), length);
                return;
            }
            byte[] scratch = SCRATCH.get();
            for (int done = 0; done < length; ) {
                int chunk = Math.min(scratch.length, length - done);
                buf.getBytes(index + done, scratch, 0, chunk);
                check(cipher, cipher.update(scratch, 0, chunk, scratch, 0), chunk);
                buf.setBytes(index + done, scratch, 0, chunk);
                done += chunk;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.getAlgorithm() + " failed in place", e);
        }
    }

    private static void check(Cipher cipher, int produced, int expected) {
        if (produced != expected) {
            throw new IllegalStateException(cipher.getAlgorithm() + " produced " + produced + " of " + expected + " bytes");
        }
    }

    /** A multiple of every cipher's block (and ChaCha20's 64-byte one), small enough to stay in cache. */
    private static final int SCRATCH_SIZE = 16 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_SIZE]);
}
