package io.sshnetty.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * One Java server in this JVM, for the load tool that started it: prints {@code READY <port>}, then
 * answers {@code memory} on stdin with {@code MEMORY <heap> <direct>} (bytes in use after a full GC) and
 * stops at {@code quit} or the end of stdin.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs one benchmark server (sshnetty or MINA SSHD) until stdin closes.")
public final class ServerCommand implements Callable<Integer> {
    /** Unauthenticated connections at once before sshd-style MaxStartups drops any: above the load's concurrency. */
    public static final int MAX_STARTUPS = 4096;

    @Option(names = "--impl", required = true, description = "sshnetty or mina")
    String impl;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "0", description = "Port (default: any free one).")
    int port;

    @Option(names = "--dir", required = true, description = "The run's directory (keys, authorized_keys).")
    Path dir;

    @Option(names = "--sftp-root", required = true, description = "The directory SFTP serves.")
    Path sftpRoot;

    @Override
    public Integer call() throws Exception {
        BenchFiles files = BenchFiles.create(dir, sftpRoot);
        AutoCloseable server;
        InetSocketAddress address;
        if (impl.equals("sshnetty")) {
            SshnettyBenchServer sshnetty = new SshnettyBenchServer(files, bind, port);
            server = sshnetty;
            address = sshnetty.address();
        } else if (impl.equals("mina")) {
            MinaBenchServer mina = new MinaBenchServer(files, bind, port);
            server = mina;
            address = mina.address();
        } else {
            System.err.println("unknown --impl " + impl);
            return 2;
        }
        System.out.println("READY " + address.getPort());
        System.out.flush();
        try (server; BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = control.readLine()) != null && !line.equals("quit"); ) {
                if (line.equals("memory")) {
                    System.out.println("MEMORY " + heapAfterGc() + " " + directInUse());
                    System.out.flush();
                }
            }
        }
        return 0;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Direct memory in use: the JDK's direct buffers plus what Netty allocates without the JDK's
     * accounting; Netty's allocator figure instead when it reports more (it counts its pooled chunks).
     */
    static long directInUse() {
        long jdk = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdk = pool.getMemoryUsed();
            }
        }
        long nettyUncounted = Math.max(0, PlatformDependent.usedDirectMemory());
        long direct = jdk + nettyUncounted;
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metrics) {
            direct = Math.max(direct, metrics.metric().usedDirectMemory());
        }
        return direct;
    }
}
