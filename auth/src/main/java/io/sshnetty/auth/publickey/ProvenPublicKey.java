package io.sshnetty.auth.publickey;

import io.sshnetty.auth.internal.ProvenKeys;
import io.sshnetty.transport.keys.SshPublicKey;

/**
 * A public key whose private half the client has proven to hold: its signature over the session
 * identifier verified (RFC 4252 §7). Only the auth layer creates these.
 */
public final class ProvenPublicKey {
    static {
        ProvenKeys.install(ProvenPublicKey::new);
    }

    private final SshPublicKey key;
    private final String signatureAlgorithm;

    ProvenPublicKey(SshPublicKey key, String signatureAlgorithm) {
        this.key = key;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public SshPublicKey key() {
        return key;
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
