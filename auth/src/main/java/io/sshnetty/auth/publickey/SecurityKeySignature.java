package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.wire.Blobs;
import io.sshnetty.transport.internal.wire.Wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A security key's signature blob as PROTOCOL.u2f lays it out for every key type:
 * {@code string type, string signature, byte flags, uint32 counter}.
 *
 * @param signature the type's own signature field (Ed25519's 64 bytes, ECDSA's {@code mpint r, mpint s})
 */
record SecurityKeySignature(byte[] signature, int flags, long counter) {

    /** Parses a blob of {@code type} whose signature field is at most {@code maxSignatureLength} bytes; null when malformed. */
    static SecurityKeySignature parse(byte[] blob, String type, int maxSignatureLength) {
        return Blobs.readAll(blob, in -> {
            if (!type.equals(Wire.readAscii(in))) {
                return null;
            }
            byte[] signature = Wire.readBytes(in, maxSignatureLength);
            int flags = Wire.readByte(in);
            long counter = Integer.toUnsignedLong(Wire.readUint32(in));
            return new SecurityKeySignature(signature, flags, counter);
        });
    }

    SecurityKey.Details details() {
        return new SecurityKey.Details(flags, counter);
    }

    /** PROTOCOL.u2f: {@code SHA256(application) || flags || uint32 counter || SHA256(data)}. */
    static byte[] signedMessage(String application, byte[] data, int flags, long counter) {
        byte[] message = new byte[32 + 1 + 4 + 32];
        System.arraycopy(sha256(application.getBytes(StandardCharsets.UTF_8)), 0, message, 0, 32);
        message[32] = (byte) flags;
        message[33] = (byte) (counter >>> 24);
        message[34] = (byte) (counter >>> 16);
        message[35] = (byte) (counter >>> 8);
        message[36] = (byte) counter;
        System.arraycopy(sha256(data), 0, message, 37, 32);
        return message;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Refuses an application string longer than {@code limit} UTF-8 bytes.
     *
     * @throws KeyFormatException when it is longer
     */
    static void checkApplication(String keyType, String application, int limit) {
        int length = application.getBytes(StandardCharsets.UTF_8).length;
        if (length > limit) {
            throw new KeyFormatException(keyType + " application of " + length + " bytes, at most " + limit);
        }
    }
}
