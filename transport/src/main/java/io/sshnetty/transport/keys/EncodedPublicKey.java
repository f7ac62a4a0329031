package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Blobs;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What every public key class shares: its type name and its blob (RFC 4253 §6.6), written once when the key is
 * made, handed out as copies, and the key's identity: two keys are equal when their blobs are.
 */
public abstract class EncodedPublicKey implements SshPublicKey {
    private final String keyType;
    private final byte[] blob;

    /** A key of type {@code keyType} whose blob is the type name followed by what {@code fields} writes. */
    protected EncodedPublicKey(String keyType, Consumer<ByteBuf> fields) {
        this.keyType = keyType;
        this.blob = Blobs.build(out -> {
            Wire.writeAscii(out, keyType);
            fields.accept(out);
        });
    }

    @Override
    public final String keyType() {
        return keyType;
    }

    @Override
    public final byte[] encoded() {
        return blob.clone();
    }

    /** The first {@code length} bytes of the blob, a fresh copy. */
    protected final byte[] encodedPrefix(int length) {
        return Arrays.copyOf(blob, length);
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof EncodedPublicKey that && Arrays.equals(blob, that.blob);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(blob);
    }
}
