package io.sshnetty.transport.kex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.Wire;

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
        return encoded(out -> Wire.writeMpint(out, magnitude));
    }

    /** {@code value} as an mpint field (RFC 4251 §5), length included. */
    static byte[] mpint(BigInteger value) {
        return encoded(out -> Wire.writeMpint(out, value));
    }

    /** {@code value} as a string field (RFC 4251 §5), length included. */
    static byte[] string(byte[] value) {
        return encoded(out -> Wire.writeBytes(out, value));
    }

    private static byte[] encoded(java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer(1100);
        try {
            writer.accept(out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }
}
