package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;


/**
 * The post-quantum key encapsulation mechanisms of the hybrid methods, with Bouncy Castle's implementations:
 * the server encapsulates a fresh secret to the client's public key.
 */
public enum PostQuantumKem {
    /** ML-KEM-768 (FIPS 203): 1184-byte encapsulation keys, 1088-byte ciphertexts. */
    ML_KEM_768(1184, 1088) {
        @Override
        SecretWithEncapsulation encapsulate(byte[] publicKey) {
            checkMlKemModulus(publicKey);
            return new MLKEMGenerator(Randomness.current()).generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, publicKey));
        }
    },
    /** Streamlined NTRU Prime sntrup761: 1158-byte public keys, 1039-byte ciphertexts. */
    SNTRUP_761(1158, 1039) {
        @Override
        SecretWithEncapsulation encapsulate(byte[] publicKey) {
            return new SNTRUPrimeKEMGenerator(Randomness.current())
                    .generateEncapsulated(new SNTRUPrimePublicKeyParameters(SNTRUPrimeParameters.sntrup761, publicKey));
        }
    };

    /** ML-KEM's modulus q (FIPS 203 §2.4). */
    private static final int MLKEM_Q = 3329;
    /** Bytes of ML-KEM-768's encoded vector t̂ (k = 3 polynomials of 256 12-bit coefficients). */
    private static final int MLKEM_768_T_LENGTH = 3 * 384;

    private final int publicKeyLength;
    private final int ciphertextLength;

    PostQuantumKem(int publicKeyLength, int ciphertextLength) {
        this.publicKeyLength = publicKeyLength;
        this.ciphertextLength = ciphertextLength;
    }

    /** Bytes of the client's public key. */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    /** Bytes of the server's ciphertext. */
    public int ciphertextLength() {
        return ciphertextLength;
    }

    /** A fresh shared secret and its encapsulation to {@code publicKey}, which has {@link #publicKeyLength()} bytes. */
    abstract SecretWithEncapsulation encapsulate(byte[] publicKey);

    /**
     * FIPS 203 §7.2 input check: every 12-bit coefficient of the encapsulation key's t̂ is below q, i.e.
     * ByteEncode12(ByteDecode12(t̂)) = t̂.
     */
    private static void checkMlKemModulus(byte[] publicKey) {
        for (int i = 0; i < MLKEM_768_T_LENGTH; i += 3) {
            int b0 = publicKey[i] & 0xff;
            int b1 = publicKey[i + 1] & 0xff;
            int b2 = publicKey[i + 2] & 0xff;
            int first = b0 | (b1 & 0x0f) << 8;
            int second = b1 >>> 4 | b2 << 4;
            if (first >= MLKEM_Q || second >= MLKEM_Q) {
                throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                        "ML-KEM encapsulation key fails the modulus check (FIPS 203 §7.2)");
            }
        }
    }
}
