package io.sshnetty.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The executor that runs blocking, process-style commands: virtual threads where the JVM has them. */
public final class CommandExecutors {
    private CommandExecutors() {
    }

    /** A new executor for blocking work; shut it down when done. */
    public static ExecutorService create() {
        try {
            // JDK 21+: one virtual thread per command. Looked up reflectively: the library targets Java 17.
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (Throwable noVirtualThreads) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory threads = task -> {
                Thread thread = new Thread(task, "sshnetty-command-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            return Executors.newCachedThreadPool(threads);
        }
    }
}
