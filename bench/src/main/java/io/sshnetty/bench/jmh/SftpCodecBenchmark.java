package io.sshnetty.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.sftp.internal.codec.SftpPacket;
import io.sshnetty.sftp.internal.codec.SftpPackets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The SFTP codec on the packets of a transfer: decoding a client's READ and a 32 KiB WRITE, encoding a
 * 32 KiB DATA reply and a STATUS.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SftpCodecBenchmark {
    private static final int DATA = 32 * 1024;
    private static final String HANDLE = "00000001";

    private ByteBuf read;
    private ByteBuf write;
    private ByteBuf data;
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        read = body(new SftpPacket.Read(7, HANDLE, 1L << 20, DATA));
        data = Unpooled.directBuffer(DATA).writeZero(DATA);
        write = body(new SftpPacket.Write(8, HANDLE, 1L << 20, data.retainedDuplicate()));
        out = Unpooled.directBuffer(DATA + 64);
    }

    private static ByteBuf body(SftpPacket packet) {
        ByteBuf body = Unpooled.directBuffer();
        packet.encode(body);
        packet.release();
        return body;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        read.release();
        write.release();
        data.release();
        out.release();
    }

    @Benchmark
    public SftpPacket decodeRead() {
        return SftpPackets.decode(read.duplicate());
    }

    @Benchmark
    public int decodeWrite() {
        SftpPacket packet = SftpPackets.decode(write.duplicate());
        int type = packet.type();
        packet.release();
        return type;
    }

    @Benchmark
    public ByteBuf encodeData() {
        out.clear();
        SftpPackets.encodeFramed(new SftpPacket.Data(9, data.duplicate()), out);
        return out;
    }

    @Benchmark
    public ByteBuf encodeStatus() {
        out.clear();
        SftpPackets.encodeFramed(new SftpPacket.Status(10, 0, "OK", ""), out);
        return out;
    }
}
