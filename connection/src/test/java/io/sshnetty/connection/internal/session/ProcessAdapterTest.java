package io.sshnetty.connection.internal.session;

import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.WindowSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process-style command seen through the event-loop callbacks its adapter implements: stdin, EOF,
 * signals, window changes and breaks reach the blocking body; its output and exit status come back.
 */
class ProcessAdapterTest {
    private static final long SECONDS = 10;
    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final ExecutorService workers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void bodyGetsStdinEofSignalsWindowChangesAndBreaksAndItsExitStatusIsSent() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch listening = new CountDownLatch(1);
        ProcessAdapter adapter = new ProcessAdapter(io -> {
            io.onSignal(signal -> events.add("signal " + signal));
            io.onWindowChange(size -> events.add("window " + size.columns() + "x" + size.rows()));
            io.onBreak(milliseconds -> events.add("break " + milliseconds));
            listening.countDown();
            byte[] input = io.stdin().readAllBytes();
            io.stdout().write(("read " + input.length).getBytes(StandardCharsets.UTF_8));
            io.stderr().write('!');
            return 3;
        }, workers, "exec test", 0);
        FakeSession session = new FakeSession();
        onLoop(() -> {
            adapter.start(session);
            return null;
        });
        assertTrue(listening.await(SECONDS, TimeUnit.SECONDS));

        assertTrue(onLoop(() -> adapter.onSignal("INT")));
        assertTrue(onLoop(() -> adapter.onWindowChange(new WindowSize(80, 24, 0, 0))));
        assertTrue(onLoop(() -> adapter.onBreak(300)));
        onLoop(() -> {
            adapter.onData(session, Unpooled.wrappedBuffer(new byte[1000]));
            adapter.onData(session, Unpooled.wrappedBuffer(new byte[24]));
            adapter.onEof();
            return null;
        });

        assertEquals(3, session.exit.get(SECONDS, TimeUnit.SECONDS));
        assertEquals("read 1024", session.stdout());
        assertEquals("!", session.stderr());
        assertEquals(1024, session.consumed.get(), "every byte read is reported consumed");
        assertEquals(List.of("signal INT", "window 80x24", "break 300"), events);
    }

    @Test
    void requestsWithoutAListenerAreRefusedAsBefore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ProcessAdapter adapter = new ProcessAdapter(io -> {
            release.await();
            return 0;
        }, workers, "exec test", 0);
        FakeSession session = new FakeSession();
        onLoop(() -> {
            adapter.start(session);
            return null;
        });
        assertFalse(onLoop(() -> adapter.onSignal("TERM")));
        assertFalse(onLoop(() -> adapter.onWindowChange(new WindowSize(80, 24, 0, 0))));
        assertFalse(onLoop(() -> adapter.onBreak(300)));
        release.countDown();
        assertEquals(0, session.exit.get(SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void exitSignalReplacesTheExitStatus() throws Exception {
        ProcessAdapter adapter = new ProcessAdapter(io -> {
            io.exitSignal("TERM", false, "terminated");
            return 143;
        }, workers, "exec test", 0);
        FakeSession session = new FakeSession();
        onLoop(() -> {
            adapter.start(session);
            return null;
        });
        assertEquals("TERM", session.exitSignal.get(SECONDS, TimeUnit.SECONDS));
        assertFalse(session.exit.isDone());
    }

    @Test
    void aFullExecutorFailsTheCommandAtOnce() throws Exception {
        Executor full = task -> {
            throw new RejectedExecutionException("full");
        };
        ProcessAdapter adapter = new ProcessAdapter(io -> 0, full, "exec test", 0);
        FakeSession session = new FakeSession();
        onLoop(() -> {
            adapter.start(session);
            return null;
        });
        assertEquals(Command.FAILED_EXIT_STATUS, session.exit.getNow(null));
    }

    @Test
    void aThrowingBodyExitsWithTheFailedStatus() throws Exception {
        ProcessAdapter adapter = new ProcessAdapter(io -> {
            throw new IllegalStateException("expected by the test");
        }, workers, "exec test", 0);
        FakeSession session = new FakeSession();
        onLoop(() -> {
            adapter.start(session);
            return null;
        });
        assertEquals(Command.FAILED_EXIT_STATUS, session.exit.get(SECONDS, TimeUnit.SECONDS));
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(SECONDS, TimeUnit.SECONDS);
    }

    /** The channel as the adapter sees it; checks that everything but writes happens on the event loop. */
    private final class FakeSession implements ChannelSession {
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final CompletableFuture<String> exitSignal = new CompletableFuture<>();
        final AtomicLong consumed = new AtomicLong();
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        @Override
        public SessionInfo session() {
            return new SessionInfo("alice", "test", new InetSocketAddress("127.0.0.1", 1), Map.of(), null);
        }

        @Override
        public EventExecutor executor() {
            return loop;
        }

        @Override
        public ByteBufAllocator alloc() {
            return PooledByteBufAllocator.DEFAULT;
        }

        @Override
        public Future<Void> write(ByteBuf data) {
            return take(data, stdout);
        }

        @Override
        public Future<Void> writeStderr(ByteBuf data) {
            return take(data, stderr);
        }

        private Future<Void> take(ByteBuf data, ByteArrayOutputStream to) {
            synchronized (to) {
                byte[] bytes = new byte[data.readableBytes()];
                data.readBytes(bytes);
                to.writeBytes(bytes);
            }
            data.release();
            return loop.newSucceededFuture(null);
        }

        String stdout() {
            synchronized (stdout) {
                return stdout.toString(StandardCharsets.UTF_8);
            }
        }

        String stderr() {
            synchronized (stderr) {
                return stderr.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void consumed(int bytes) {
            checkLoop("consumed");
            consumed.addAndGet(bytes);
        }

        @Override
        public void exit(int status) {
            checkLoop("exit");
            exit.complete(status);
        }

        @Override
        public void exitSignal(String signal, boolean coreDumped, String message) {
            checkLoop("exitSignal");
            exitSignal.complete(signal);
        }

        private void checkLoop(String what) {
            if (!loop.inEventLoop()) {
                throw new AssertionError(what + " off the event loop");
            }
        }
    }
}
