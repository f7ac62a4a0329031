package io.sshnetty.bench.jmh;

import io.sshnetty.transport.internal.kex.Curve25519Agreement;
import io.sshnetty.transport.internal.kex.DiffieHellmanAgreement;
import io.sshnetty.transport.internal.kex.EcdhAgreement;
import io.sshnetty.transport.internal.kex.HybridKemAgreement;
import io.sshnetty.transport.internal.kex.KeyAgreement;
import io.sshnetty.transport.internal.kex.PostQuantumKem;
import io.sshnetty.transport.keys.NistCurve;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;
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

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Each key exchange method's server side: the server's ephemeral key, its reply value and the shared
 * secret from one client value (what the server computes between KEX_ECDH_INIT and its reply, the host
 * key signature aside: see {@link SignatureBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KexBenchmark {
    @Param({"curve25519-sha256", "mlkem768x25519-sha256", "sntrup761x25519-sha512", "ecdh-sha2-nistp256",
            "diffie-hellman-group14-sha256"})
    public String kex;

    private KeyAgreement agreement;
    private byte[] clientValue;

    @Setup
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        switch (kex) {
            case "curve25519-sha256" -> {
                agreement = new Curve25519Agreement();
                clientValue = x25519Public(random);
            }
            case "mlkem768x25519-sha256" -> {
                agreement = new HybridKemAgreement(PostQuantumKem.ML_KEM_768, "SHA-256");
                MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
                generator.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
                clientValue = concat(((MLKEMPublicKeyParameters) generator.generateKeyPair().getPublic()).getEncoded(), x25519Public(random));
            }
            case "sntrup761x25519-sha512" -> {
                agreement = new HybridKemAgreement(PostQuantumKem.SNTRUP_761, "SHA-512");
                SNTRUPrimeKeyPairGenerator generator = new SNTRUPrimeKeyPairGenerator();
                generator.init(new SNTRUPrimeKeyGenerationParameters(random, SNTRUPrimeParameters.sntrup761));
                clientValue = concat(((SNTRUPrimePublicKeyParameters) generator.generateKeyPair().getPublic()).getEncoded(),
                        x25519Public(random));
            }
            case "ecdh-sha2-nistp256" -> {
                agreement = new EcdhAgreement(NistCurve.P256);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
                clientValue = new byte[65];
                clientValue[0] = 4;
                fixed(key.getW().getAffineX(), clientValue, 1);
                fixed(key.getW().getAffineY(), clientValue, 33);
            }
            case "diffie-hellman-group14-sha256" -> {
                DHParameters group = DHStandardGroups.rfc3526_2048;
                agreement = new DiffieHellmanAgreement(group.getP(), group.getG());
                clientValue = group.getG().modPow(new BigInteger(512, random), group.getP()).toByteArray();
            }
            default -> throw new IllegalArgumentException(kex);
        }
    }

    private static byte[] x25519Public(SecureRandom random) {
        byte[] privateKey = new byte[32];
        X25519.generatePrivateKey(random, privateKey);
        byte[] publicKey = new byte[32];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void fixed(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }

    @Benchmark
    public KeyAgreement.Agreed serverSide() {
        return agreement.agree(clientValue);
    }
}
