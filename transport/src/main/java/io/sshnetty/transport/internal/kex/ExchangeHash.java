package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Blobs;
import io.sshnetty.transport.internal.wire.Wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The fields every exchange hash starts with, RFC 4253 §8: V_C, V_S, I_C, I_S, K_S; and encodings of K. */
final class ExchangeHash {
    private ExchangeHash() {
    }

    static void writePrefix(ByteBuf out, ExchangeHashInput input, byte[] hostKeyBlob) {
        Wire.writeBytes(out, input.clientIdentification().getBytes(StandardCharsets.UTF_8));
        Wire.writeBytes(out, input.serverIdentification().getBytes(StandardCharsets.UTF_8));
        Wire.writeBytes(out, input.clientKexInit());
        Wire.writeBytes(out, input.serverKexInit());
        Wire.writeBytes(out, hostKeyBlob);
    }

    /** The end of a finished exchange: its result, and the reply that carries our value and the signature of H. */
    record Completion(KexResult result, EcdhReply reply) {
    }

    /**
     * Appends the end every exchange hash shares — the client's value, the server's, and K (RFC 4253 §8,
     * RFC 5656 §4, RFC 4419 §3) — to {@code hashed}, which holds what came before; hashes it, signs H with the
     * host key, and returns the result with the reply message {@code replyNumber}.
     */
    static Completion complete(ByteBuf hashed, KeyAgreement.Agreed agreed, String hashAlgorithm, ExchangeHashInput input,
            byte[] hostKeyBlob, int replyNumber) {
        Wire.writeBytes(hashed, agreed.clientValue());
        Wire.writeBytes(hashed, agreed.serverValue());
        hashed.writeBytes(agreed.encodedSharedSecret());
        byte[] exchangeHash = digest(hashAlgorithm, hashed);
        byte[] signature = input.hostKey().sign(input.hostKeyAlgorithm(), exchangeHash);
        return new Completion(new KexResult(agreed.encodedSharedSecret(), exchangeHash, hashAlgorithm),
                new EcdhReply(replyNumber, hostKeyBlob, agreed.serverValue(), signature));
    }

    /** The digest of {@code data}'s readable bytes with the JCA hash {@code algorithm}. */
    static byte[] digest(String algorithm, ByteBuf data) {
        MessageDigest digest = messageDigest(algorithm);
        digest.update(data.nioBuffer());
        return digest.digest();
    }

    static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    /** The unsigned big-endian {@code magnitude} as an mpint field (RFC 4251 §5), length included. */
    static byte[] mpint(byte[] magnitude) {
        return Blobs.build(out -> Wire.writeMpint(out, magnitude));
    }

    /** {@code value} as an mpint field (RFC 4251 §5), length included. */
    static byte[] mpint(BigInteger value) {
        return Blobs.build(out -> Wire.writeMpint(out, value));
    }

    /** {@code value} as a string field (RFC 4251 §5), length included. */
    static byte[] string(byte[] value) {
        return Blobs.build(out -> Wire.writeBytes(out, value));
    }
}
