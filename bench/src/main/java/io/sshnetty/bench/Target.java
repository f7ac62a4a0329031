package io.sshnetty.bench;

import java.io.IOException;

/** A server under test, running in its own process(es). */
public interface Target extends AutoCloseable {
    ServerKind kind();

    String host();

    int port();

    /** CPU time the server has used so far, in ms (for sshd, including its finished per-connection processes). */
    long cpuMillis() throws IOException;

    /** CPU time of the server's JIT compiler threads so far, in ms; -1 where there is no JVM. */
    default long jitCpuMillis() throws IOException {
        return -1;
    }

    /** Resident memory of the server: RSS of its JVM, or the PSS of all of sshd's processes, in bytes. */
    long rssBytes() throws IOException;

    /** Heap in use after a full GC and direct memory in use, in bytes; null where there is no JVM. */
    long[] heapAndDirect() throws IOException;

    /** The command line to send for one of the bench commands. */
    default String command(String benchCommand) {
        return benchCommand;
    }

    /** Where SFTP finds {@code name} in the bench's SFTP directory. */
    String sftpPath(String name);

    @Override
    void close();
}
