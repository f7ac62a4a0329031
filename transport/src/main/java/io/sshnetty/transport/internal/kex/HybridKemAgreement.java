package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.bouncycastle.crypto.SecretWithEncapsulation;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A post-quantum KEM combined with X25519 (draft-ietf-sshm-mlkem-hybrid-kex §2.2 for mlkem768x25519-sha256;
 * draft-josefsson-ntruprime-ssh and OpenSSH's PROTOCOL for sntrup761x25519-sha512): the client's value
 * C_INIT is its KEM public key followed by its X25519 key, the server's S_REPLY the KEM ciphertext followed
 * by its X25519 key, and K = HASH(KEM secret || X25519 secret) encoded as a string, not an mpint.
 */
public final class HybridKemAgreement implements KeyAgreement {
    private final PostQuantumKem kem;
    private final String hashAlgorithm;

    /** {@code kem} with X25519, the secrets combined with {@code hashAlgorithm} (the method's hash). */
    public HybridKemAgreement(PostQuantumKem kem, String hashAlgorithm) {
        this.kem = kem;
        this.hashAlgorithm = hashAlgorithm;
    }

    @Override
    public Agreed agree(byte[] clientValue) {
        int kemLength = kem.publicKeyLength();
        if (clientValue.length != kemLength + Curve25519Agreement.KEY_LENGTH) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "hybrid key exchange value of "
                    + clientValue.length + " bytes, expected " + (kemLength + Curve25519Agreement.KEY_LENGTH));
        }
        byte[] kemPublic = Arrays.copyOf(clientValue, kemLength);
        byte[] x25519Public = Arrays.copyOfRange(clientValue, kemLength, clientValue.length);
        byte[][] x25519 = Curve25519Agreement.exchange(x25519Public);
        SecretWithEncapsulation encapsulated;
        try {
            encapsulated = kem.encapsulate(kemPublic);
        } catch (IllegalArgumentException | IllegalStateException refused) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "KEM public key refused: " + refused.getMessage());
        }
        byte[] ciphertext = encapsulated.getEncapsulation();
        byte[] kemSecret = encapsulated.getSecret();
        MessageDigest digest = ExchangeHash.messageDigest(hashAlgorithm);
        digest.update(kemSecret);
        digest.update(x25519[1]);
        byte[] combined = digest.digest();
        Arrays.fill(kemSecret, (byte) 0);
        Arrays.fill(x25519[1], (byte) 0);
        byte[] serverValue = Arrays.copyOf(ciphertext, ciphertext.length + Curve25519Agreement.KEY_LENGTH);
        System.arraycopy(x25519[0], 0, serverValue, ciphertext.length, Curve25519Agreement.KEY_LENGTH);
        return new Agreed(clientValue, serverValue, ExchangeHash.string(combined));
    }
}
