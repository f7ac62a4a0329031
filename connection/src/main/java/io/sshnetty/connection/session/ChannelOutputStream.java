package io.sshnetty.connection.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.Future;
import io.sshnetty.connection.channel.SshChannel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A command's output as a blocking stream onto its channel. Each write is copied into pooled buffers of at
 * most {@link #CHUNK_SIZE} bytes and handed to the event loop; the writer waits for the previous chunk to
 * reach the socket before it hands over the next, so at most two chunks per stream are in memory and the
 * command runs no faster than the client's window and the network allow.
 */
final class ChannelOutputStream extends OutputStream {
    static final int CHUNK_SIZE = 32 * 1024;

    private final SshChannel channel;
    private final int dataTypeCode;
    private final ByteBufAllocator allocator;
    private Future<Void> inFlight;
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
            awaitInFlight();
            ByteBuf data = allocator.buffer(chunk);
            data.writeBytes(bytes, offset, chunk);
            inFlight = channel.write(data, dataTypeCode);
            offset += chunk;
            length -= chunk;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        awaitInFlight();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            awaitInFlight();
        }
    }

    private void awaitInFlight() throws IOException {
        Future<Void> previous = inFlight;
        if (previous == null) {
            return;
        }
        try {
            previous.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing channel data");
        }
        if (!previous.isSuccess()) {
            throw new IOException("channel closed", previous.cause());
        }
        inFlight = null;
    }
}
