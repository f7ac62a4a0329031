package io.sshnetty.auth;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.auth.internal.AuthConfig;
import io.sshnetty.auth.internal.UserAuthHandler;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.password.BlockingPasswordCheck;
import io.sshnetty.auth.password.PasswordAuthenticator;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A blocking password check wrapped by {@link PasswordAuthenticator#blocking} never runs on the event loop. */
class BlockingPasswordTest {
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(new SecureRandom());
    /** Far longer than the test needs; a check run on the loop would hold the test this long and then fail it. */
    private static final long PATIENCE_SECONDS = 5;

    private final List<EmbeddedSshClient> clients = new CopyOnWriteArrayList<>();
    /** The test's executor: a thread per task, joined before the test reads what the completion wrote. */
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final Executor threadPerTask = task -> {
        Thread thread = new Thread(task, "test-password-worker");
        workers.add(thread);
        thread.start();
    };

    @AfterEach
    void close() {
        clients.forEach(EmbeddedSshClient::close);
    }

    @Test
    void slowCheckRunsOffTheLoopWhileAnotherConnectionAuthenticates() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> checkThread = new AtomicReference<>();
        BlockingPasswordCheck slowHash = (context, user, password) -> {
            checkThread.set(Thread.currentThread());
            checking.countDown();
            try {
                release.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return password.equals("secret") ? AuthDecision.accept() : AuthDecision.reject();
        };
        AuthConfig config = AuthConfig.builder().failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO)
                .password(PasswordAuthenticator.blocking(slowHash, threadPerTask)).build();
        EmbeddedSshClient slow = connect(config);
        long sent = System.nanoTime();
        slow.send(password("alice", "secret"));
        long sendNanos = System.nanoTime() - sent;
        assertTrue(checking.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the check started");
        assertNotSame(Thread.currentThread(), checkThread.get(), "the check ran on the event loop's thread");
        assertTrue(sendNanos < TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS) / 2,
                "the loop waited for the check: " + TimeUnit.NANOSECONDS.toMillis(sendNanos) + " ms");

        // While the first check still blocks, a second connection on the same thread goes all the way through.
        EmbeddedSshClient other = connect(AuthConfig.builder().failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO)
                .password((context, user, password) -> java.util.concurrent.CompletableFuture.completedFuture(
                        AuthDecision.accept())).build());
        other.send(password("bob", "anything"));
        other.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(1, release.getCount(), "the first check was still running");

        release.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        }
        slow.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void keyboardInteractiveUsesTheSameAdapter() throws Exception {
        AtomicReference<Thread> checkThread = new AtomicReference<>();
        BlockingPasswordCheck check = (context, user, password) -> {
            checkThread.set(Thread.currentThread());
            return password.equals("secret") ? AuthDecision.accept() : AuthDecision.reject();
        };
        EmbeddedSshClient client = connect(AuthConfig.builder().failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO)
                .keyboardInteractive(KeyboardInteractiveAuthenticator.password(PasswordAuthenticator.blocking(check, threadPerTask)))
                .build());
        client.send(request("alice", "keyboard-interactive", out -> {
            Wire.writeUtf8(out, "");
            Wire.writeUtf8(out, "");
        }));
        client.expect(60, in -> { });
        client.send(new RawMessage(61, out -> {
            out.writeInt(1);
            Wire.writeUtf8(out, "secret");
        }));
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        }
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertNotSame(Thread.currentThread(), checkThread.get());
    }

    @Test
    void defaultPoolIsNamedAndBounded() throws Exception {
        AtomicReference<String> threadName = new AtomicReference<>();
        PasswordAuthenticator shared = PasswordAuthenticator.blocking((context, user, password) -> {
            threadName.set(Thread.currentThread().getName());
            return AuthDecision.accept();
        });
        assertEquals(AuthDecision.accept(),
                shared.authenticate(null, "alice", "secret").toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        assertTrue(threadName.get().startsWith("sshnetty-password-"), threadName.get());
    }

    @Test
    void fullQueueOrFailingCheckRefusesTheAttemptWithoutAnException() throws Exception {
        Executor full = task -> {
            throw new RejectedExecutionException("queue full");
        };
        PasswordAuthenticator busy = PasswordAuthenticator.blocking((context, user, password) -> AuthDecision.accept(), full);
        for (int i = 0; i < 3; i++) {
            assertEquals(AuthDecision.reject(), busy.authenticate(null, "alice", "secret").toCompletableFuture().getNow(null));
        }
        PasswordAuthenticator broken = PasswordAuthenticator.blocking((context, user, password) -> {
            throw new IllegalStateException("database down");
        }, Runnable::run);
        assertEquals(AuthDecision.reject(), broken.authenticate(null, "alice", "secret").toCompletableFuture().getNow(null));
    }

    private EmbeddedSshClient connect(AuthConfig config) {
        EmbeddedSshClient client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new UserAuthHandler(config, ConnectionLayer::new));
        clients.add(client);
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.send(new RawMessage(MessageNumbers.SERVICE_REQUEST, out -> Wire.writeAscii(out, "ssh-userauth")));
        client.expect(MessageNumbers.SERVICE_ACCEPT, in -> { });
        return client;
    }

    private static RawMessage password(String user, String password) {
        return request(user, "password", out -> {
            Wire.writeBoolean(out, false);
            Wire.writeUtf8(out, password);
        });
    }

    private static RawMessage request(String user, String method, java.util.function.Consumer<io.netty.buffer.ByteBuf> fields) {
        return new RawMessage(MessageNumbers.USERAUTH_REQUEST, out -> {
            Wire.writeUtf8(out, user);
            Wire.writeAscii(out, "ssh-connection");
            Wire.writeAscii(out, method);
            fields.accept(out);
        });
    }

    private static final class ConnectionLayer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
