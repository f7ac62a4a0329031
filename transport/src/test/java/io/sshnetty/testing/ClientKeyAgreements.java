package io.sshnetty.testing;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.function.Function;

import javax.crypto.KeyAgreement;

/**
 * The client's half of each key exchange method, written for tests from the RFCs and drafts independently
 * of the server's code: the value the client sends and K as it enters the hashes.
 */
public final class ClientKeyAgreements {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientKeyAgreements() {
    }

    /** One run of a method's client side. */
    public interface ClientHalf {
        /** The content of the init message's field (string, or the mpint e's bytes for DH). */
        byte[] clientValue();

        /** K, length field included, as the method hashes it, from the server's value. */
        byte[] encodedSharedSecret(byte[] serverValue);
    }

    /** The JCA name of {@code kex}'s hash. */
    public static String hashOf(String kex) {
        if (kex.startsWith("sntrup") || kex.endsWith("sha512") || kex.equals("ecdh-sha2-nistp521")) {
            return "SHA-512";
        }
        return kex.equals("ecdh-sha2-nistp384") ? "SHA-384" : "SHA-256";
    }

    /** A fresh client half of the one-round method {@code kex}. */
    public static ClientHalf start(String kex) {
        switch (kex) {
            case "curve25519-sha256":
            case "curve25519-sha256@libssh.org":
                return x25519();
            case "ecdh-sha2-nistp256":
                return ecdh("secp256r1", 32);
            case "ecdh-sha2-nistp384":
                return ecdh("secp384r1", 48);
            case "ecdh-sha2-nistp521":
                return ecdh("secp521r1", 66);
            case "diffie-hellman-group14-sha256":
                return diffieHellman(DHStandardGroups.rfc3526_2048);
            case "diffie-hellman-group16-sha512":
                return diffieHellman(DHStandardGroups.rfc3526_4096);
            case "diffie-hellman-group18-sha512":
                return diffieHellman(DHStandardGroups.rfc3526_8192);
            case "mlkem768x25519-sha256":
                return mlkem768x25519();
            case "sntrup761x25519-sha512":
            case "sntrup761x25519-sha512@openssh.com":
                return sntrup761x25519();
            default:
                throw new IllegalArgumentException(kex);
        }
    }

    private static ClientHalf x25519() {
        byte[] privateKey = new byte[32];
        X25519.generatePrivateKey(RANDOM, privateKey);
        byte[] publicKey = new byte[32];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return new ClientHalf() {
            @Override
            public byte[] clientValue() {
                return publicKey;
            }

            @Override
            public byte[] encodedSharedSecret(byte[] serverValue) {
                return mpint(new BigInteger(1, x25519Shared(privateKey, serverValue)));
            }
        };
    }

    private static byte[] x25519Shared(byte[] privateKey, byte[] serverPublic) {
        byte[] shared = new byte[32];
        if (!X25519.calculateAgreement(privateKey, 0, serverPublic, 0, shared, 0)) {
            throw new AssertionError("server's X25519 key gives a zero secret");
        }
        return shared;
    }

    private static ClientHalf ecdh(String curve, int fieldLength) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair pair = generator.generateKeyPair();
            ECParameterSpec params = ((ECPublicKey) pair.getPublic()).getParams();
            ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
            byte[] q = new byte[1 + 2 * fieldLength];
            q[0] = 4;
            fixed(w.getAffineX(), q, 1, fieldLength);
            fixed(w.getAffineY(), q, 1 + fieldLength, fieldLength);
            return new ClientHalf() {
                @Override
                public byte[] clientValue() {
                    return q;
                }

                @Override
                public byte[] encodedSharedSecret(byte[] serverValue) {
                    try {
                        BigInteger x = new BigInteger(1, Arrays.copyOfRange(serverValue, 1, 1 + fieldLength));
                        BigInteger y = new BigInteger(1, Arrays.copyOfRange(serverValue, 1 + fieldLength, serverValue.length));
                        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
                        agreement.init(pair.getPrivate());
                        agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params)), true);
                        return mpint(new BigInteger(1, agreement.generateSecret()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            };
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Diffie-Hellman on the group {@code group} (also used for group exchange). */
    public static ClientHalf diffieHellman(DHParameters group) {
        return diffieHellman(group.getP(), group.getG());
    }

    /** Diffie-Hellman with prime {@code p} and generator {@code g}. */
    public static ClientHalf diffieHellman(BigInteger p, BigInteger g) {
        BigInteger x = new BigInteger(512, RANDOM).setBit(511);
        BigInteger e = g.modPow(x, p);
        return new ClientHalf() {
            @Override
            public byte[] clientValue() {
                return e.toByteArray();
            }

            @Override
            public byte[] encodedSharedSecret(byte[] serverValue) {
                return mpint(new BigInteger(serverValue).modPow(x, p));
            }
        };
    }

    private static ClientHalf mlkem768x25519() {
        MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
        generator.init(new MLKEMKeyGenerationParameters(RANDOM, MLKEMParameters.ml_kem_768));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        byte[] kemPublic = ((MLKEMPublicKeyParameters) pair.getPublic()).getEncoded();
        MLKEMExtractor extractor = new MLKEMExtractor((MLKEMPrivateKeyParameters) pair.getPrivate());
        return hybrid(kemPublic, 1088, extractor::extractSecret, "SHA-256");
    }

    private static ClientHalf sntrup761x25519() {
        SNTRUPrimeKeyPairGenerator generator = new SNTRUPrimeKeyPairGenerator();
        generator.init(new SNTRUPrimeKeyGenerationParameters(RANDOM, SNTRUPrimeParameters.sntrup761));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        byte[] kemPublic = ((SNTRUPrimePublicKeyParameters) pair.getPublic()).getEncoded();
        SNTRUPrimeKEMExtractor extractor = new SNTRUPrimeKEMExtractor((SNTRUPrimePrivateKeyParameters) pair.getPrivate());
        return hybrid(kemPublic, 1039, extractor::extractSecret, "SHA-512");
    }

    /** C_INIT = KEM public key || X25519 key; S_REPLY = ciphertext || X25519 key; K = string(HASH(kem || x25519)). */
    private static ClientHalf hybrid(byte[] kemPublic, int ciphertextLength, Function<byte[], byte[]> decapsulate, String hash) {
        ClientHalf classical = x25519();
        byte[] init = Arrays.copyOf(kemPublic, kemPublic.length + 32);
        System.arraycopy(classical.clientValue(), 0, init, kemPublic.length, 32);
        return new ClientHalf() {
            @Override
            public byte[] clientValue() {
                return init;
            }

            @Override
            public byte[] encodedSharedSecret(byte[] serverValue) {
                if (serverValue.length != ciphertextLength + 32) {
                    throw new AssertionError("S_REPLY of " + serverValue.length + " bytes");
                }
                byte[] kemSecret = decapsulate.apply(Arrays.copyOf(serverValue, ciphertextLength));
                byte[] mpintSecret = classical.encodedSharedSecret(Arrays.copyOfRange(serverValue, ciphertextLength, serverValue.length));
                byte[] x25519Secret = fixedLength(new BigInteger(1, Arrays.copyOfRange(mpintSecret, 4, mpintSecret.length)), 32);
                try {
                    MessageDigest digest = MessageDigest.getInstance(hash);
                    digest.update(kemSecret);
                    digest.update(x25519Secret);
                    byte[] combined = digest.digest();
                    return ByteBuffer.allocate(4 + combined.length).putInt(combined.length).put(combined).array();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };
    }

    /** An mpint field (RFC 4251 §5) of a non-negative number, length included. */
    public static byte[] mpint(BigInteger value) {
        byte[] content = value.signum() == 0 ? new byte[0] : value.toByteArray();
        return ByteBuffer.allocate(4 + content.length).putInt(content.length).put(content).array();
    }

    private static byte[] fixedLength(BigInteger value, int length) {
        byte[] out = new byte[length];
        fixed(value, out, 0, length);
        return out;
    }

    private static void fixed(BigInteger value, byte[] out, int offset, int length) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > length ? bytes.length - length : 0;
        System.arraycopy(bytes, start, out, offset + length - (bytes.length - start), bytes.length - start);
    }
}
