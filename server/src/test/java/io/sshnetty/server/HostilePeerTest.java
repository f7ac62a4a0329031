package io.sshnetty.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.RawSshSocket;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile peers against a whole server on one event loop, next to a real OpenSSH client that only wants
 * to log in and run a command: what the attacker costs the server, and what it costs the other client.
 * Timings are compared only as ratios with a quiet baseline, with generous bounds.
 */
class HostilePeerTest {
    /** An unassigned transport message number (RFC 4250 §4.1.2): the server can only answer UNIMPLEMENTED. */
    private static final byte[] UNASSIGNED = {8};
    /** 16-byte packets: the cheapest that provoke a reply. 16 MiB of them, far more than the server may hold. */
    private static final long FLOOD_PACKETS = 1 << 20;
    private static final int VICTIM_RUNS = 3;
    /** The attacker gives up once the server has taken nothing for this long: longer than the victim's logins. */
    private static final Duration FLOOD_STALL = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static Path key;
    private static Path authorizedKeys;

    private static ResourceLeakDetector.Level leakDetection;

    /**
     * Paranoid leak detection records a stack trace at every buffer operation, which makes each 16-byte packet
     * cost tens of microseconds; these tests time the server, not the detector, so they sample leaks instead.
     */
    @BeforeAll
    static void sampleLeaksOnly() {
        leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(leakDetection);
    }

    @BeforeAll
    static void keys() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
    }

    private static SshServer server(UnaryOperator<SshServer.Builder> options) {
        return options.apply(SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .exec(request -> Command.process(io -> {
                    io.stdout().write("ok\n".getBytes(StandardCharsets.UTF_8));
                    return 0;
                }))
                .eventLoopThreads(1)).build();
    }

    /**
     * The review's C1: identification, then plaintext packets of an unknown number, never reading. With the
     * error-reply limit lifted, back-pressure alone must hold the server: it stops reading from the flood,
     * its buffers grow by no more than a few MiB, and a client sharing the event loop logs in about as fast
     * as on a quiet server.
     */
    @Test
    void floodThatNeverReadsIsHeldBackAndDoesNotSlowOthers() throws Exception {
        try (SshServer server = server(b -> b.maxPreAuthUnimplemented(Integer.MAX_VALUE))) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            OpenSshClient victim = new OpenSshClient(dir, address.getPort(), key);
            victimLatencyMillis(victim); // warm-up: class loading, JIT
            long quiet = victimLatencyMillis(victim);
            long before = allocatedBytes();

            AtomicLong peak = new AtomicLong(before);
            AtomicLong progress = new AtomicLong();
            CompletableFuture<Long> flood = CompletableFuture.supplyAsync(() -> {
                try (RawSshSocket attacker = RawSshSocket.connect(address, 4096)) {
                    attacker.sendIdentification();
                    return attacker.flood(UNASSIGNED, FLOOD_PACKETS, FLOOD_STALL, progress);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread sampler = sampleAllocated(peak);
            awaitStalledOrDone(progress, flood);
            long underFlood = victimLatencyMillis(victim);
            boolean attackerStillThere = !flood.isDone();
            long sent = flood.get(120, TimeUnit.SECONDS);
            sampler.interrupt();
            sampler.join();

            long growth = peak.get() - before;
            System.out.printf("unread flood: %d of %d packets taken, buffer growth %d KiB (%s), victim %d ms quiet, %d ms under flood%n",
                    sent, FLOOD_PACKETS, growth / 1024, ByteBufAllocator.DEFAULT.getClass().getSimpleName(), quiet, underFlood);
            assertTrue(sent < FLOOD_PACKETS, "the server read the whole flood instead of stopping");
            assertTrue(attackerStillThere, "the victim was not measured while the attacker was connected");
            assertTrue(growth < 32L * 1024 * 1024, "server buffers grew by " + growth / 1024 + " KiB");
            assertTrue(underFlood < 2.5 * quiet + 200, "login took " + underFlood + " ms under the flood against "
                    + quiet + " ms quiet");
        }
    }

    /**
     * The review's H1: attackers that send KEXINIT and a precomputed 8192-bit Diffie-Hellman INIT (about
     * 20 ms of server work for none of theirs) and hang up, over and over, while another client logs in.
     * The work runs on the key exchange workers, not on the shared event loop.
     */
    @Test
    void floodOfExpensiveKeyExchangesDoesNotStallOthers() throws Exception {
        try (SshServer server = server(b -> b.algorithms(io.sshnetty.transport.AlgorithmPreferences.defaults()
                .withKex(java.util.List.of("mlkem768x25519-sha256", "curve25519-sha256", "diffie-hellman-group18-sha512"))))) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            OpenSshClient victim = new OpenSshClient(dir, address.getPort(), key);
            victimLatencyMillis(victim);
            long quiet = victimLatencyMillis(victim);

            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicLong handshakes = new AtomicLong();
            java.util.List<Thread> attackers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread attacker = new Thread(() -> {
                    while (!stop.get()) {
                        // Another source than the victim's 127.0.0.1: the workers are shared fairly per source.
                        try (RawSshSocket socket = RawSshSocket.connectFrom(address, java.net.InetAddress.getByName("127.0.0.2"))) {
                            socket.sendIdentification();
                            socket.readLine(Duration.ofSeconds(5));
                            socket.readPacket(Duration.ofSeconds(5));
                            socket.sendPacket(RawSshSocket.kexInit("diffie-hellman-group18-sha512", "ssh-ed25519"));
                            socket.sendPacket(DH_INIT);
                            socket.readPacket(Duration.ofSeconds(5)); // the reply: the server did the work
                            handshakes.incrementAndGet();
                        } catch (Exception refusedOrClosed) {
                            // refused when its share of the workers is busy: try again
                        }
                    }
                }, "kex-attacker-" + i);
                attacker.start();
                attackers.add(attacker);
            }
            Thread.sleep(500);
            long underFlood = victimLatencyMillis(victim);
            stop.set(true);
            for (Thread attacker : attackers) {
                attacker.join(10_000);
            }
            System.out.printf("kex flood: %d DH-8192 handshakes computed, victim %d ms quiet, %d ms under flood%n",
                    handshakes.get(), quiet, underFlood);
            assertTrue(handshakes.get() > 0, "the attack did not reach the server's key exchange");
            assertTrue(underFlood < 2.5 * quiet + 200, "login took " + underFlood + " ms under the key exchange flood"
                    + " against " + quiet + " ms quiet");
        }
    }

    /** KEXDH_INIT with e = 2^4000, a valid public value for the 8192-bit group (1 < e < p - 1). */
    private static final byte[] DH_INIT = dhInit();

    private static byte[] dhInit() {
        byte[] e = java.math.BigInteger.ONE.shiftLeft(4000).toByteArray();
        java.nio.ByteBuffer payload = java.nio.ByteBuffer.allocate(1 + 4 + e.length);
        payload.put((byte) 30).putInt(e.length).put(e);
        return payload.array();
    }

    /** The same flood with the default limits ends after ten UNIMPLEMENTED replies. */
    @Test
    void floodOfUnknownMessagesBeforeAuthenticationIsDisconnected() throws Exception {
        try (SshServer server = server(b -> b);
                RawSshSocket attacker = RawSshSocket.connect(server.bind(new InetSocketAddress("127.0.0.1", 0)))) {
            attacker.sendIdentification();
            for (int i = 0; i < 20; i++) {
                attacker.sendPacket(UNASSIGNED);
            }
            assertTrue(attacker.awaitClosedByServer(Duration.ofSeconds(10)), "still connected after 20 unknown messages");
        }
    }

    /**
     * Waits until the flood has made no progress for two seconds (the server stopped reading it, and has
     * handled what its socket buffers had taken) or is over, at most 20 s.
     */
    private static void awaitStalledOrDone(AtomicLong progress, CompletableFuture<Long> flood) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = -1;
        long since = System.nanoTime();
        while (!flood.isDone() && System.nanoTime() < deadline) {
            long now = progress.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(2)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** The median of a few logins with an exec, in milliseconds. */
    private static long victimLatencyMillis(OpenSshClient victim) throws Exception {
        long[] runs = new long[VICTIM_RUNS];
        for (int i = 0; i < runs.length; i++) {
            long start = System.nanoTime();
            OpenSshClient.Result result = victim.run("hello");
            runs[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, result.exitStatus(), result.stderr());
            assertEquals("ok\n", result.stdoutText());
        }
        Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    /** Bytes the default allocator has handed out, direct and heap: where packet buffers live. */
    private static long allocatedBytes() {
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return Math.max(metric.usedDirectMemory(), PlatformDependent.usedDirectMemory()) + metric.usedHeapMemory();
    }

    private static Thread sampleAllocated(AtomicLong peak) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(allocatedBytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "allocation-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }
}
