package io.sshnetty.auth.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Where user signatures are verified by default: off the event loop, because one RSA verification costs
 * 0.2 ms with a 3072-bit key and over 3 ms with a 16384-bit key even with the exponent capped, and a client
 * chooses its key. A small pool with a bounded queue, shared by every server in the process; when the queue
 * is full the attempt fails rather than waiting without end.
 */
public final class SignatureVerification {
    /** One thread per core: verification is pure CPU work. */
    public static final int DEFAULT_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Verifications that may wait; a flood beyond that fails at once instead of piling up. */
    public static final int DEFAULT_QUEUE_LENGTH = 4096;

    private SignatureVerification() {
    }

    /** The shared default executor, made when first needed; its daemon threads end when idle. */
    public static Executor sharedExecutor() {
        return Shared.POOL;
    }

    private static final class Shared {
        static final ThreadPoolExecutor POOL = BlockingWork.boundedDaemonPool("signature", DEFAULT_THREADS,
                DEFAULT_QUEUE_LENGTH);
    }
}
