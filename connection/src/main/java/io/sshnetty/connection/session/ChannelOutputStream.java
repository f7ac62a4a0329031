package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.Future;
import io.sshnetty.connection.channel.SshChannel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * A command's output as a blocking stream onto its channel. Each write is copied into pooled buffers of at
 * most {@link #CHUNK_SIZE} bytes and handed to the event loop; once {@link #MAX_IN_FLIGHT} chunks are on
 * their way, the writer waits for the oldest to reach the socket before it hands over another, so a stream
 * holds at most that many chunks in memory and the command runs no faster than the client's window and
 * the network allow, without stalling on every chunk.
 */
final class ChannelOutputStream extends OutputStream {
    static final int CHUNK_SIZE = 32 * 1024;
    /** Chunks handed over and not yet written to the socket: the stream's bound on memory, 128 KiB. */
    static final int MAX_IN_FLIGHT = 4;

    private final SshChannel channel;
    private final int dataTypeCode;
    private final ByteBufAllocator allocator;
    private final ArrayDeque<Future<Void>> inFlight = new ArrayDeque<>();
    private boolean closed;

    ChannelOutputStream(SshChannel channel, int dataTypeCode, ByteBufAllocator allocator) {
        this.channel = channel;
        this.dataTypeCode = dataTypeCode;
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
            awaitInFlight(MAX_IN_FLIGHT - 1);
            ByteBuf data = allocator.buffer(chunk);
            data.writeBytes(bytes, offset, chunk);
            inFlight.add(channel.write(data, dataTypeCode));
            offset += chunk;
            length -= chunk;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        awaitInFlight(0);
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            awaitInFlight(0);
        }
    }

    /** Waits until at most {@code left} chunks are still on their way; fails if one of them failed. */
    private void awaitInFlight(int left) throws IOException {
        while (inFlight.size() > left) {
            Future<Void> oldest = inFlight.peek();
            try {
                oldest.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing channel data");
            }
            inFlight.poll();
            if (!oldest.isSuccess()) {
                throw new IOException("channel closed", oldest.cause());
            }
        }
    }
}
