package io.sshnetty.connection.internal.session;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The client's data as a blocking stream. The event loop offers buffers; a reader thread takes bytes and
 * reports every byte consumed, so the channel's window opens only as fast as the command reads. Reports are
 * batched ({@link #REPORT_AT} bytes, or whatever was taken once the stream runs dry), each being a task on
 * the event loop, while the window is topped up only per half window anyway. What it holds is bounded by
 * the channel's window. Bytes arriving after the reader closed the stream are dropped, and still reported
 * consumed, so the client is never left waiting on a window.
 *
 * <p>What it holds is bounded in memory, not only in payload bytes: data arrives as slices of the packet
 * decoder's read buffers, and a slice keeps its whole read buffer alive. A chunk smaller than
 * {@link #COPY_BELOW} is therefore copied into a buffer of the stream's own, appended to the last one while
 * it has room, and its slice released; a client sending 1-byte packets fills 16 KiB buffers instead of
 * pinning a read buffer per byte.
 */
final class ChannelInputStream extends InputStream {
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    /** Bytes taken and not yet reported are reported once they reach this, or the stream is empty. */
    static final int REPORT_AT = 64 * 1024;
    /** Chunks smaller than this are copied rather than kept as slices of a read buffer. */
    static final int COPY_BELOW = 4096;
    /** The size of the stream's own buffers that small chunks are copied into. */
    static final int COALESCED_CAPACITY = 16 * 1024;

    private final IntConsumer consumed;
    /** The stream's own buffer that small chunks are appended to: the last of {@link #chunks}, or null. */
    private ByteBuf coalesced;
    private boolean eof;
    private boolean closed;
    /** A reader is blocked in read, waiting for data. */
    private boolean waiting;
    private int unreported;

    /** @param consumed told how many bytes were taken, from the reading thread */
    ChannelInputStream(IntConsumer consumed) {
        this.consumed = consumed;
    }

    /** From the event loop: takes ownership of {@code data}. */
    void offer(ByteBuf data) {
        int dropped;
        synchronized (this) {
            if (!closed && !eof) {
                add(data);
                if (waiting) {
                    notifyAll();
                }
                return;
            }
            dropped = data.readableBytes();
            data.release();
        }
        consumed.accept(dropped);
    }

    /** Queues {@code data}, copying a small chunk into the stream's own buffer. Holding the lock. */
    private void add(ByteBuf data) {
        int length = data.readableBytes();
        if (length >= COPY_BELOW) {
            chunks.add(data);
            coalesced = null;
            return;
        }
        if (coalesced == null || coalesced.writableBytes() < length) {
            coalesced = data.alloc().heapBuffer(COALESCED_CAPACITY, COALESCED_CAPACITY);
            chunks.add(coalesced);
        }
        coalesced.writeBytes(data);
        data.release();
    }

    /** From the event loop: the client sent EOF, or the channel is gone. */
    synchronized void endOfInput() {
        eof = true;
        notifyAll();
    }

    /** From the event loop: the channel is gone; drop what was not read. */
    void abort() {
        synchronized (this) {
            eof = true;
            releaseAll();
            notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int taken;
        int report = 0;
        synchronized (this) {
            while (chunks.isEmpty() && !eof && !closed) {
                waiting = true;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading channel data");
                } finally {
                    waiting = false;
                }
            }
            if (closed) {
                throw new IOException("stream closed");
            }
            ByteBuf head = chunks.peek();
            if (head == null) {
                return -1;
            }
            taken = Math.min(length, head.readableBytes());
            head.readBytes(buffer, offset, taken);
            if (!head.isReadable()) {
                if (head == coalesced) {
                    coalesced = null;
                }
                chunks.poll().release();
            }
            unreported += taken;
            if (unreported >= REPORT_AT || chunks.isEmpty()) {
                report = unreported;
                unreported = 0;
            }
        }
        if (report > 0) {
            consumed.accept(report);
        }
        return taken;
    }

    @Override
    public synchronized int available() {
        int available = 0;
        for (ByteBuf chunk : chunks) {
            available += chunk.readableBytes();
        }
        return available;
    }

    @Override
    public void close() {
        int dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = releaseAll() + unreported;
            unreported = 0;
            notifyAll();
        }
        if (dropped > 0) {
            consumed.accept(dropped);
        }
    }

    private int releaseAll() {
        int released = 0;
        coalesced = null;
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            released += chunk.readableBytes();
            chunk.release();
        }
        return released;
    }
}
