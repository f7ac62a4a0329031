package io.sshnetty.sftp.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.SftpPackets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A whole SFTP session fed the fuzzer's bytes as the client's stream of framed packets, then EOF, over a
 * fresh in-memory root ({@link FuzzRoot}). Whatever the bytes, the session ends on its own, with no stray
 * exception on the event loop or a worker; what it wrote is a stream of well-formed replies; it reports no
 * more bytes consumed than it was sent; every buffer it took is released and every file and directory it
 * opened is closed; and nothing outside the root changes. The seeds are OpenSSH sftp and scp sessions
 * (captured with {@code sftp -D} through a tee in front of OpenSSH's sftp-server, in {@code /tmp/sftpcap})
 * and hostile streams. docs/fuzzing.md says how to fuzz.
 */
class SftpSessionFuzzTest {
    /** The client's bytes arrive in pieces of this size: a prime, so packets straddle the pieces. */
    private static final int PIECE = 4093;
    private static final long SECONDS_TO_END = 20;

    private static final EventExecutor LOOP = new DefaultEventExecutor();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, task -> {
        Thread thread = new Thread(task, "sftp-fuzz-worker");
        thread.setDaemon(true);
        return thread;
    });
    /** Counts what is allocated and not yet released, heap and direct. */
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    @FuzzTest
    void session(byte[] input) throws Exception {
        AtomicReference<Throwable> workerFailure = new AtomicReference<>();
        Executor workers = task -> POOL.execute(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                workerFailure.compareAndSet(null, e);
            }
        });
        try (FuzzRoot files = new FuzzRoot()) {
            SftpSettings settings = SftpSettings.builder().root(files.root).home(user -> FuzzRoot.CAPTURE_DIR)
                    .maxPacketLength(64 * 1024).maxInFlightBytes(160 * 1024).maxOpenHandles(8).maxWorkersPerSession(2)
                    .build();
            SessionInfo info = new SessionInfo("fuzz", "fuzz", new InetSocketAddress("127.0.0.1", 1), Map.of(), null);
            SftpSession session = new SftpSession(settings, SftpSubsystem.confine(settings), workers, info, ALLOC);
            Channel channel = new Channel();
            onLoop(() -> session.start(channel));
            for (int at = 0; at < input.length; at += PIECE) {
                ByteBuf piece = ALLOC.heapBuffer(PIECE).writeBytes(input, at, Math.min(PIECE, input.length - at));
                onLoop(() -> session.onData(channel, piece));
            }
            onLoop(session::onEof);
            try {
                assertEquals(0, channel.exit.get(SECONDS_TO_END, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                onLoop(session::onClose);
                fail("the session did not end within " + SECONDS_TO_END + " s of the client's EOF");
            }
            onLoop(session::onClose);
            assertNull(channel.violation.get());
            assertNull(workerFailure.get(), () -> "a worker threw " + workerFailure.get());
            assertTrue(channel.consumed.get() <= input.length, "reported " + channel.consumed + " of " + input.length + " consumed");
            assertRepliesWellFormed(channel.output());
            assertEquals(0, ALLOC.metric().usedHeapMemory() + ALLOC.metric().usedDirectMemory(), "buffers not released");
            files.assertNothingOpen();
            files.assertOutsideUnchanged();
        }
    }

    private static void assertRepliesWellFormed(byte[] output) {
        ByteBuf stream = Unpooled.wrappedBuffer(output);
        while (stream.isReadable()) {
            assertTrue(SftpPackets.isWhole(stream), "a reply cut short");
            ByteBuf body = SftpPackets.retainedBody(stream);
            SftpPackets.skipPacket(stream);
            try {
                SftpPacket reply = SftpPackets.decode(body);
                reply.release();
                if (!(reply instanceof SftpPacket.Version)) {
                    assertInstanceOf(SftpPacket.Reply.class, reply);
                }
            } finally {
                body.release();
            }
        }
    }

    /** Runs {@code task} on the event loop and waits for it; what it throws is thrown here. */
    private static void onLoop(Runnable task) throws Exception {
        try {
            LOOP.submit(task).get(SECONDS_TO_END, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw new AssertionError(e.getCause());
        }
    }

    /** The channel as the session sees it: writes are taken at once and collected; window reports are counted. */
    private static final class Channel implements ChannelSession {
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final AtomicLong consumed = new AtomicLong();
        /** What the session did that a channel forbids, seen where no assertion could reach the test. */
        final AtomicReference<String> violation = new AtomicReference<>();
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        synchronized byte[] output() {
            return written.toByteArray();
        }

        @Override
        public SessionInfo session() {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventExecutor executor() {
            return LOOP;
        }

        @Override
        public ByteBufAllocator alloc() {
            return ALLOC;
        }

        @Override
        public Future<Void> write(ByteBuf data) {
            if (!LOOP.inEventLoop()) {
                violation.compareAndSet(null, "written off the event loop");
            }
            try {
                synchronized (this) {
                    data.readBytes(written, data.readableBytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                data.release();
            }
            return LOOP.newSucceededFuture(null);
        }

        @Override
        public Future<Void> writeStderr(ByteBuf data) {
            data.release();
            return LOOP.newSucceededFuture(null);
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void consumed(int bytes) {
            if (bytes < 0) {
                violation.compareAndSet(null, "consumed " + bytes);
            }
            consumed.addAndGet(bytes);
        }

        @Override
        public void exit(int status) {
            if (!exit.complete(status)) {
                violation.compareAndSet(null, "exit twice");
            }
        }

        @Override
        public void exitSignal(String signal, boolean coreDumped, String message) {
            exit.completeExceptionally(new AssertionError("exit-signal " + signal));
        }
    }
}
