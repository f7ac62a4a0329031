package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.SftpPackets;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one {@link SftpSubsystem} session in-process, packet by packet, with the codec: the session's
 * callbacks run on a single-thread executor standing in for the event loop, and what it writes arrives
 * here through a queue.
 */
final class SftpTestClient implements AutoCloseable {
    private final DefaultEventExecutor eventLoop = new DefaultEventExecutor();
    private final ChannelCommand command;
    private final ChannelSession session;
    private final LinkedBlockingQueue<byte[]> written = new LinkedBlockingQueue<>();
    private final DataInputStream fromServer = new DataInputStream(new QueueInputStream());
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    /** Bytes the session reported consumed: what would reopen the channel's window. */
    final AtomicLong consumed = new AtomicLong();
    private boolean eofSent;

    SftpTestClient(SftpSubsystem subsystem, String user) {
        command = (ChannelCommand) subsystem.subsystem(
                new SessionInfo(user, "test", new InetSocketAddress("127.0.0.1", 1), Map.of(), null));
        session = new ChannelSession() {
            @Override
            public SessionInfo session() {
                throw new UnsupportedOperationException();
            }

            @Override
            public EventExecutor executor() {
                return eventLoop;
            }

            @Override
            public ByteBufAllocator alloc() {
                return PooledByteBufAllocator.DEFAULT;
            }

            @Override
            public Future<Void> write(ByteBuf data) {
                byte[] bytes = new byte[data.readableBytes()];
                data.readBytes(bytes);
                data.release();
                written.add(bytes);
                return eventLoop.newSucceededFuture(null);
            }

            @Override
            public Future<Void> writeStderr(ByteBuf data) {
                data.release();
                return eventLoop.newSucceededFuture(null);
            }

            @Override
            public boolean isWritable() {
                return true;
            }

            @Override
            public void consumed(int bytes) {
                consumed.addAndGet(bytes);
            }

            @Override
            public void exit(int status) {
                exit.complete(status);
            }

            @Override
            public void exitSignal(String signal, boolean coreDumped, String message) {
                exit.completeExceptionally(new IllegalStateException("exit-signal " + signal));
            }
        };
        eventLoop.execute(() -> command.start(session));
    }

    /** The session's output, as a stream. */
    private final class QueueInputStream extends InputStream {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position == current.length) {
                try {
                    current = written.poll(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                position = 0;
                if (current == null) {
                    current = new byte[0];
                    throw new IOException("no reply from the session in 10 s");
                }
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /** Sends a packet; its buffers are released. */
    void send(SftpPacket packet) throws IOException {
        ByteBuf framed = Unpooled.buffer();
        try {
            SftpPackets.encodeFramed(packet, framed);
            sendRaw(framed);
        } finally {
            framed.release();
            packet.release();
        }
    }

    /** Hands the session a copy of {@code bytes}, in channel-data pieces of at most 32 KiB as a client would. */
    void sendRaw(ByteBuf bytes) {
        for (int at = bytes.readerIndex(); at < bytes.writerIndex(); at += CHANNEL_PACKET) {
            ByteBuf piece = Unpooled.copiedBuffer(bytes.slice(at, Math.min(CHANNEL_PACKET, bytes.writerIndex() - at)));
            eventLoop.execute(() -> command.onData(session, piece));
        }
    }

    private static final int CHANNEL_PACKET = 32 * 1024;

    /** The client sends no more (channel EOF); the session still answers what it was sent. */
    void sendEof() {
        if (!eofSent) {
            eofSent = true;
            eventLoop.execute(command::onEof);
        }
    }

    /** The next packet; the caller releases it. */
    SftpPacket receive() throws IOException {
        int length = fromServer.readInt();
        byte[] body = new byte[length];
        fromServer.readFully(body);
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        try {
            return SftpPackets.decode(buffer);
        } finally {
            buffer.release();
        }
    }

    /** Sends and waits for the one reply. */
    SftpPacket call(SftpPacket request) throws IOException {
        send(request);
        return receive();
    }

    SftpPacket.Version init(int version) throws IOException {
        return (SftpPacket.Version) call(new SftpPacket.Init(version, java.util.List.of()));
    }

    /** The channel closes under the session (the client or the connection went away). */
    void closeChannel() {
        eventLoop.execute(command::onClose);
    }

    /** The session's exit status, once it has ended on its own, within {@code seconds}. */
    int awaitExit(long seconds) throws Exception {
        return exit.get(seconds, TimeUnit.SECONDS);
    }

    /** Ends the client's side and waits for the session's exit status. */
    int finish() throws Exception {
        sendEof();
        return exit.get(10, TimeUnit.SECONDS);
    }

    /** Ends the session and waits for it, so every buffer it held is released before the test's leak check. */
    @Override
    public void close() throws IOException {
        sendEof();
        try {
            exit.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the session did not end cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
