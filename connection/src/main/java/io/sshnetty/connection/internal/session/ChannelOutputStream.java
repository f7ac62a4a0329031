package io.sshnetty.connection.internal.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.Future;
import io.sshnetty.connection.internal.channel.SshChannel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A command's output as a blocking stream onto its channel. Each write is copied into pooled buffers of at
 * most {@link #CHUNK_SIZE} bytes and handed to the event loop at once. At most {@link #MAX_IN_FLIGHT_BYTES}
 * are on their way to the socket: a writer that would exceed that waits until half of it has been written,
 * so a stream holds a bounded amount in memory and the command runs no faster than the client's window and
 * the network allow, while the event loop always has the next chunk in hand and the writer is woken once
 * per half-window, not once per chunk.
 */
final class ChannelOutputStream extends OutputStream {
    static final int CHUNK_SIZE = 32 * 1024;
    /** Bytes handed over and not yet written to the socket: the stream's bound on memory. */
    static final int MAX_IN_FLIGHT_BYTES = 256 * 1024;
    /** A blocked writer resumes once no more than this is still on its way. */
    private static final int RESUME_AT = MAX_IN_FLIGHT_BYTES / 2;

    /** Hands a chunk to the channel (safe from any thread): stdout or stderr. */
    private final Function<ByteBuf, Future<Void>> channel;
    private final ByteBufAllocator allocator;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The writer while it waits, and the in-flight level that wakes it. */
    private volatile Thread waiter;
    private volatile int wakeAt;
    /** Why a chunk could not be written (the channel closed); later writes fail with it. */
    private volatile Throwable failure;
    private boolean closed;

    ChannelOutputStream(Function<ByteBuf, Future<Void>> channel, ByteBufAllocator allocator) {
        this.channel = channel;
        this.allocator = allocator;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (length > 0) {
            int chunk = Math.min(length, CHUNK_SIZE);
            if (inFlight.get() + chunk > MAX_IN_FLIGHT_BYTES) {
                awaitInFlight(RESUME_AT);
            }
            checkFailure();
            ByteBuf data = allocator.buffer(chunk);
            data.writeBytes(bytes, offset, chunk);
            inFlight.addAndGet(chunk);
            channel.apply(data).addListener(written -> written(chunk, written.cause()));
            offset += chunk;
            length -= chunk;
        }
    }

    /**
     * Nothing is buffered here: every write has already been handed to the channel, which sends it as the
     * window allows. So flush waits for nothing; it only reports a channel that has gone.
     */
    @Override
    public synchronized void flush() throws IOException {
        checkFailure();
    }

    /** Waits until everything written has reached the socket (or failed to). */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            awaitInFlight(0);
            checkFailure();
        }
    }

    /** On the event loop: a chunk has been written, or could not be. */
    private void written(int chunk, Throwable cause) {
        if (cause != null && failure == null) {
            failure = cause;
        }
        int left = inFlight.addAndGet(-chunk);
        Thread blocked = waiter;
        if (blocked != null && (left <= wakeAt || cause != null)) {
            LockSupport.unpark(blocked);
        }
    }

    /** Blocks until at most {@code level} bytes are still on their way, or a chunk has failed. */
    private void awaitInFlight(int level) throws IOException {
        wakeAt = level;
        waiter = Thread.currentThread();
        try {
            // waiter is published before inFlight is read again, and written() lowers inFlight before it reads
            // waiter: whichever comes second sees the other, so no wake-up is lost.
            while (inFlight.get() > level && failure == null) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing channel data");
                }
            }
        } finally {
            waiter = null;
        }
    }

    private void checkFailure() throws IOException {
        Throwable cause = failure;
        if (cause != null) {
            throw new IOException("channel closed", cause);
        }
    }
}
