package io.sshnetty.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.cipher.CipherAlgorithm;
import io.sshnetty.transport.internal.cipher.CipherAlgorithms;
import io.sshnetty.transport.internal.cipher.MacAlgorithm;
import io.sshnetty.transport.internal.cipher.MacAlgorithms;
import io.sshnetty.transport.internal.cipher.PacketCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Packet protection per cipher at 1 KiB and 32 KiB payloads, in place in a direct buffer as PacketCodec
 * does it (or a heap buffer, as an application's own allocator may give): {@code seal} alone, and
 * {@code sealAndOpen} (a packet sealed and then verified and decrypted by the peer direction); opening
 * costs the difference. {@code create} is a connection's setup: a sealer and an opener keyed afresh.
 * Run with {@code -prof gc} for the bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketCipherBenchmark {
    /** A cipher name, with "+MAC" for the ciphers that need one. */
    @Param({"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
            "aes128-ctr+hmac-sha2-256-etm@openssh.com", "aes128-ctr+hmac-sha2-256"})
    public String cipher;

    @Param({"1024", "32768"})
    public int payload;

    /** "direct" (Netty's default for socket I/O) or "heap". */
    @Param({"direct", "heap"})
    public String buffer;

    private PacketCipher sealer;
    private PacketCipher opener;
    private ByteBuf packet;
    private byte[] plain;
    private int sequence;
    private CipherAlgorithm algorithm;
    private MacAlgorithm mac;
    private byte[] key;
    private byte[] iv;
    private byte[] macKey;

    @Setup(Level.Trial)
    public void setUp() {
        String[] names = cipher.split("\\+");
        algorithm = CipherAlgorithms.byName(names[0]).orElseThrow();
        mac = names.length > 1 ? MacAlgorithms.byName(names[1]).orElseThrow() : null;
        Random random = new Random(1);
        key = new byte[algorithm.keyLength()];
        iv = new byte[algorithm.ivLength()];
        macKey = new byte[mac == null ? 0 : mac.keyLength()];
        random.nextBytes(key);
        random.nextBytes(iv);
        random.nextBytes(macKey);
        sealer = algorithm.create(true, key, iv, mac, mac == null ? null : macKey);
        opener = algorithm.create(false, key, iv, mac, mac == null ? null : macKey);
        plain = plainPacket(sealer, payload, random);
        packet = "heap".equals(buffer) ? Unpooled.buffer(plain.length + 64) : Unpooled.directBuffer(plain.length + 64);
    }

    /** {@code uint32 packet_length, byte padding_length, payload, padding}, padded as RFC 4253 §6 asks. */
    static byte[] plainPacket(PacketCipher cipher, int payloadLength, Random random) {
        int block = cipher.blockSize();
        int unpadded = 1 + payloadLength + (cipher.lengthIsAligned() ? 4 : 0);
        int padding = block - unpadded % block;
        if (padding < 4) {
            padding += block;
        }
        int packetLength = 1 + payloadLength + padding;
        byte[] bytes = new byte[4 + packetLength];
        random.nextBytes(bytes);
        bytes[0] = (byte) (packetLength >>> 24);
        bytes[1] = (byte) (packetLength >>> 16);
        bytes[2] = (byte) (packetLength >>> 8);
        bytes[3] = (byte) packetLength;
        bytes[4] = (byte) padding;
        return bytes;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    @Benchmark
    public ByteBuf seal() {
        packet.clear().writeBytes(plain);
        sealer.seal(sequence++, packet, 0);
        return packet;
    }

    @Benchmark
    public ByteBuf sealAndOpen() {
        packet.clear().writeBytes(plain);
        int seq = sequence++;
        sealer.seal(seq, packet, 0);
        int length = opener.decryptLength(seq, packet);
        opener.open(seq, packet, length);
        return packet;
    }

    /** A connection's cipher setup after key exchange: both directions keyed (no packet protected). */
    @Benchmark
    public void create(Blackhole sink) {
        sink.consume(algorithm.create(true, key, iv, mac, mac == null ? null : macKey));
        sink.consume(algorithm.create(false, key, iv, mac, mac == null ? null : macKey));
    }
}
