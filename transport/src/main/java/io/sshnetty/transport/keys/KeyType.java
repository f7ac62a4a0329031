package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Everything the library knows about one key type, kept beside the key's class: its name, how to
 * decode its public blob and its fields in an OpenSSH private key file, and how {@code ssh-keygen -l}
 * describes it. {@link PublicKeys} holds the table of these.
 *
 * @param name            the key type name, the first field of the blob (e.g. {@code ssh-ed25519})
 * @param label           the name {@code ssh-keygen -l} prints in parentheses (e.g. {@code ED25519})
 * @param bits            the size {@code ssh-keygen -l} prints for a key of this type
 * @param signatureAlgorithms the signature algorithms keys of this type verify, in order of preference
 * @param publicDecoder   reads the blob's fields after the key type name
 * @param privateDecoder  reads one key's fields in the private section of an {@code openssh-key-v1} file,
 *                        after the key type name
 */
record KeyType(String name, String label, ToIntFunction<SshPublicKey> bits, List<String> signatureAlgorithms,
        PublicDecoder publicDecoder,
        PrivateDecoder privateDecoder) {

    /** Reads the fields of a public key blob that follow its key type name. */
    @FunctionalInterface
    interface PublicDecoder {
        /** Throws {@link KeyFormatException} (or the wire's {@code SshProtocolException}) on bad input. */
        SshPublicKey decode(ByteBuf fields);
    }

    /** Reads one key's fields of an OpenSSH private key file's private section (PROTOCOL.key). */
    @FunctionalInterface
    interface PrivateDecoder {
        /** Throws {@link KeyFormatException} (or the wire's {@code SshProtocolException}) on bad input. */
        HostKey decode(ByteBuf fields);
    }
}
