package io.sshnetty.auth.internal;

import io.sshnetty.auth.publickey.ProvenPublicKey;
import io.sshnetty.transport.keys.SshPublicKey;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * How the publickey method, in this internal package, creates a {@link ProvenPublicKey} whose constructor an
 * application cannot call: the class hands its constructor here when it initialises (the JDK's "shared
 * secrets" pattern).
 */
public final class ProvenKeys {
    private static volatile BiFunction<SshPublicKey, String, ProvenPublicKey> create;

    private ProvenKeys() {
    }

    /** Called once, by {@link ProvenPublicKey}'s static initialiser. */
    public static void install(BiFunction<SshPublicKey, String, ProvenPublicKey> constructor) {
        if (create != null) {
            throw new IllegalStateException("constructor already installed");
        }
        create = Objects.requireNonNull(constructor);
    }

    /** A key whose signature over the session identifier has just been verified. */
    static ProvenPublicKey of(SshPublicKey key, String signatureAlgorithm) {
        if (create == null) {
            try {
                Class.forName(ProvenPublicKey.class.getName(), true, ProvenPublicKey.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return create.apply(key, signatureAlgorithm);
    }
}
