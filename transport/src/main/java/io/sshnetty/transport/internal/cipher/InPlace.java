package io.sshnetty.transport.internal.cipher;

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
     * <p>The JCA's {@code update} is never given the same array as input and output: the JDK's
     * {@code CipherCore} then copies the whole input into a fresh array first (a packet's worth per call,
     * a third of everything a bulk transfer allocated). A chunk at a time, a heap buffer's array is the input
     * and this thread's output scratch the output, copied back; a direct buffer is copied into the input
     * scratch first (the JCA would copy it into arrays anyway, allocating them per call to do so).
     */
    static void crypt(Cipher cipher, ByteBuf buf, int index, int length) {
        Scratch scratch = SCRATCH.get();
        byte[] out = scratch.out;
        int chunkSize = out.length;
        try {
            if (buf.hasArray()) {
                byte[] array = buf.array();
                int offset = buf.arrayOffset() + index;
                for (int done = 0; done < length; ) {
                    int chunk = Math.min(chunkSize, length - done);
                    check(cipher, cipher.update(array, offset + done, chunk, out, 0), chunk);
                    System.arraycopy(out, 0, array, offset + done, chunk);
                    done += chunk;
                }
                return;
            }
            byte[] in = scratch.in;
            for (int done = 0; done < length; ) {
                int chunk = Math.min(chunkSize, length - done);
                buf.getBytes(index + done, in, 0, chunk);
                check(cipher, cipher.update(in, 0, chunk, out, 0), chunk);
                buf.setBytes(index + done, out, 0, chunk);
                done += chunk;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(cipher.getAlgorithm() + " failed in place", e);
        }
    }

    /**
     * Finishes an initialised AEAD cipher over {@code [index, index + inputLength)} of {@code buf}, writing
     * its {@code outputLength} bytes of output from {@code index} on (up to the capacity, where a tag is
     * about to be written). Nothing is written when the cipher throws (a tag that does not verify).
     *
     * <p>A heap buffer is worked on in its own array. A direct buffer's bytes go through this thread's
     * scratch arrays: the JDK's AES-GCM on direct {@link ByteBuffer}s that overlap allocates ≈ 2 kB per
     * call and runs several times slower than on arrays, more than the two copies cost.
     */
    static void aead(Cipher cipher, ByteBuf buf, int index, int inputLength, int outputLength) throws GeneralSecurityException {
        if (buf.hasArray()) {
            ByteBuffer input = region(buf, index, Math.max(inputLength, outputLength));
            ByteBuffer output = input.duplicate();
            input.limit(input.position() + inputLength);
            // The JDK's AEAD ciphers tell overlapping input and output apart; a decryption writes its
            // output only after the tag has been verified.
            cipher.doFinal(input, output);
            return;
        }
        Scratch scratch = SCRATCH.get().fit(Math.max(inputLength, outputLength));
        buf.getBytes(index, scratch.in, 0, inputLength);
        check(cipher, cipher.doFinal(scratch.in, 0, inputLength, scratch.out, 0), outputLength);
        buf.setBytes(index, scratch.out, 0, outputLength);
    }

    private static void check(Cipher cipher, int produced, int expected) {
        if (produced != expected) {
            throw new IllegalStateException(cipher.getAlgorithm() + " produced " + produced + " of " + expected + " bytes");
        }
    }

    /** A multiple of every cipher's block (and ChaCha20's 64-byte one), small enough to stay in cache. */
    private static final int SCRATCH_SIZE = 16 * 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * One thread's input and output arrays: two, because one array as both makes the JCA copy its input.
     * They grow to the largest packet an AEAD cipher had to take whole on this thread.
     */
    private static final class Scratch {
        byte[] in = new byte[SCRATCH_SIZE];
        byte[] out = new byte[SCRATCH_SIZE];

        Scratch fit(int length) {
            if (length > in.length) {
                int size = Integer.highestOneBit(length - 1) << 1;
                in = new byte[size];
                out = new byte[size];
            }
            return this;
        }
    }
}
