package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Everything the library knows about one key type, kept beside the key's class: its name, how to decode the
 * fields of its public blob and of its private key in an OpenSSH private key file, and how {@code ssh-keygen -l}
 * describes it. A {@link KeyTypes} table holds these: the transport's host key types ({@link PublicKeys#table()}),
 * and the auth layer's user key types, which add security keys and certificates to the transport's.
 *
 * @param name                the key type name, the first field of the blob (e.g. {@code ssh-ed25519})
 * @param label               the name {@code ssh-keygen -l} prints in parentheses (e.g. {@code ED25519})
 * @param bits                the size {@code ssh-keygen -l} prints for a key of this type
 * @param signatureAlgorithms the signature algorithms keys of this type verify, in order of preference
 * @param publicDecoder       reads the blob's fields after the key type name
 * @param privateDecoder      reads one key's fields in the private section of an {@code openssh-key-v1} file,
 *                            after the key type name; null for a type that only ever authenticates users
 *                            (a security key, a certificate), which a server never holds the private half of
 */
public record KeyType(String name, String label, ToIntFunction<SshPublicKey> bits, List<String> signatureAlgorithms,
        PublicDecoder publicDecoder, PrivateDecoder privateDecoder) {

    public KeyType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(bits, "bits");
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
        Objects.requireNonNull(publicDecoder, "publicDecoder");
    }

    /** A type of keys that only authenticate users: no private key file section is read for it. */
    public static KeyType userKey(String name, String label, ToIntFunction<SshPublicKey> bits,
            List<String> signatureAlgorithms, PublicDecoder publicDecoder) {
        return new KeyType(name, label, bits, signatureAlgorithms, publicDecoder, null);
    }

    /**
     * Reads the fields of a public key blob that follow its key type name, leaving {@code fields} at the first
     * byte after them. A table's {@link KeyTypes#decode} frames it: reads the name, calls this, refuses trailing
     * bytes; a certificate calls its certified key type's decoder in the middle of its own fields.
     */
    @FunctionalInterface
    public interface PublicDecoder {
        /**
         * @throws KeyFormatException            for a field of the wrong length or value
         * @throws io.sshnetty.transport.wire.SshProtocolException for a field that runs past the end (the
         *                                       table turns it into a {@link KeyFormatException})
         */
        SshPublicKey decode(ByteBuf fields);
    }

    /** Reads one key's fields of an OpenSSH private key file's private section (PROTOCOL.key). */
    @FunctionalInterface
    public interface PrivateDecoder {
        /** Throws as {@link PublicDecoder#decode} does. */
        HostKey decode(ByteBuf fields);
    }
}
