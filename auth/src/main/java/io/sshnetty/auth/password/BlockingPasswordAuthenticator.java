package io.sshnetty.auth.password;

import io.sshnetty.auth.internal.LogText;
import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.BlockingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link BlockingPasswordCheck} on an executor, never on the event loop: by default a pool shared by
 * every server in the process ({@link #DEFAULT_THREADS} threads, {@link #DEFAULT_QUEUE_LENGTH} waiting
 * checks). A check that finds the queue full is refused at once, exactly like a wrong password, so a flood
 * of attempts neither stalls the loop nor queues without end. Made by {@link PasswordAuthenticator#blocking}.
 */
final class BlockingPasswordAuthenticator implements PasswordAuthenticator {
    /** One thread per core: a password hash is CPU work by design. */
    static final int DEFAULT_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /**
     * Checks that may wait: at 2 threads and 300 ms a hash they drain in about 40 s, inside the default
     * login grace time; beyond that an attempt fails at once instead of waiting longer than its client would.
     */
    static final int DEFAULT_QUEUE_LENGTH = 256;
    /** A refusal for a full queue is logged at WARN at most this often, at DEBUG otherwise. */
    private static final long BUSY_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger log = LoggerFactory.getLogger(BlockingPasswordAuthenticator.class);
    private static final AtomicLong lastBusyWarning = new AtomicLong(System.nanoTime() - BUSY_WARNING_INTERVAL_NANOS);

    private final BlockingPasswordCheck check;
    private final Executor executor;

    BlockingPasswordAuthenticator(BlockingPasswordCheck check, Executor executor) {
        this.check = check;
        this.executor = executor;
    }

    static Executor sharedExecutor() {
        return Shared.POOL;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthenticationContext context, String user, String password) {
        try {
            return CompletableFuture.supplyAsync(() -> checkSafely(context, user, password), executor);
        } catch (RejectedExecutionException busy) {
            long now = System.nanoTime();
            long last = lastBusyWarning.get();
            if (now - last >= BUSY_WARNING_INTERVAL_NANOS && lastBusyWarning.compareAndSet(last, now)) {
                log.warn("password check for {} refused: executor busy (further refusals logged at DEBUG for {} s)",
                        LogText.escape(user), TimeUnit.NANOSECONDS.toSeconds(BUSY_WARNING_INTERVAL_NANOS));
            } else {
                log.debug("password check for {} refused: executor busy", LogText.escape(user));
            }
            return CompletableFuture.completedFuture(AuthDecision.reject());
        }
    }

    private AuthDecision checkSafely(AuthenticationContext context, String user, String password) {
        try {
            AuthDecision result = check.check(context, user, password);
            return result == null ? AuthDecision.reject() : result;
        } catch (RuntimeException failed) {
            log.warn("password check for {} failed, attempt refused: {}", LogText.escape(user), LogText.escape(failed.toString()));
            return AuthDecision.reject();
        }
    }

    private static final class Shared {
        static final ThreadPoolExecutor POOL = BlockingWork.boundedDaemonPool("password", DEFAULT_THREADS,
                DEFAULT_QUEUE_LENGTH);
    }
}
