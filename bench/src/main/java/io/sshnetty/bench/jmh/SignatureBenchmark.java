package io.sshnetty.bench.jmh;

import io.sshnetty.transport.keys.EcdsaHostKey;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.keys.RsaHostKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Host-key signatures (one per handshake, over the exchange hash) and user-signature verification (one
 * per publickey authentication), per signature algorithm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {
    @Param({"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "rsa-sha2-256/3072", "rsa-sha2-512/3072"})
    public String algorithm;

    private HostKey key;
    private String signatureAlgorithm;
    private byte[] data;
    private byte[] signature;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        String[] parts = algorithm.split("/");
        signatureAlgorithm = parts[0];
        key = switch (signatureAlgorithm) {
            case "ssh-ed25519" -> Ed25519HostKey.generate(random);
            case "ecdsa-sha2-nistp256" -> EcdsaHostKey.generate(NistCurve.P256, random);
            case "ecdsa-sha2-nistp384" -> EcdsaHostKey.generate(NistCurve.P384, random);
            default -> RsaHostKey.generate(Integer.parseInt(parts[1]), random);
        };
        data = new byte[32 + 200]; // an exchange hash, or a publickey request's signed data, is a few hundred bytes
        random.nextBytes(data);
        signature = key.sign(signatureAlgorithm, data);
        if (!key.publicKey().verify(signatureAlgorithm, data, signature)) {
            throw new IllegalStateException(algorithm + " does not verify its own signature");
        }
    }

    @Benchmark
    public byte[] hostKeySign() {
        return key.sign(signatureAlgorithm, data);
    }

    @Benchmark
    public boolean userSignatureVerify() {
        return key.publicKey().verify(signatureAlgorithm, data, signature);
    }
}
