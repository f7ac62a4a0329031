package io.sshnetty.server.internal;

import io.sshnetty.connection.internal.BoundedExecutor;

/**
 * The executor that runs blocking, process-style commands: bounded, virtual threads where the JVM has
 * them. Each session runs at most one command and a connection at most MaxSessions sessions, so one
 * connection holds at most that many of its threads.
 */
public final class CommandExecutors {
    /**
     * Commands running at once in one server. Each pins a thread (a platform thread on JDK 17, with its
     * stack) and usually a process; beyond this a command is refused (exit status 255) instead of
     * exhausting threads or processes. sshd's bound is the OS's process limit.
     */
    public static final int DEFAULT_MAX_THREADS = 256;
    /**
     * Commands waiting for a thread: none by default. A command may run for hours (a shell), so a queued
     * one could wait without end; refusing it at once is the clearer answer.
     */
    public static final int DEFAULT_QUEUE_CAPACITY = 0;

    private CommandExecutors() {
    }

    /** A new executor with the default bounds; shut it down when done. */
    public static BoundedExecutor create() {
        return create(DEFAULT_MAX_THREADS, DEFAULT_QUEUE_CAPACITY);
    }

    /** A new executor running at most {@code maxThreads} commands with at most {@code queueCapacity} waiting. */
    public static BoundedExecutor create(int maxThreads, int queueCapacity) {
        return new BoundedExecutor("sshnetty-command", maxThreads, queueCapacity);
    }
}
