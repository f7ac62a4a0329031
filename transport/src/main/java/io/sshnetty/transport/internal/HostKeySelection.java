package io.sshnetty.transport.internal;

import io.sshnetty.transport.keys.HostKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which host key algorithms we offer and which key signs for the negotiated one (RFC 4253 §7.1): every
 * signature algorithm of every configured host key, in the keys' order; the SHA-1 ones only when enabled.
 */
final class HostKeySelection {
    private final List<HostKey> keys;
    private final boolean sha1Signatures;

    HostKeySelection(List<HostKey> keys, boolean sha1Signatures) {
        this.keys = keys;
        this.sha1Signatures = sha1Signatures;
    }

    /** The server_host_key_algorithms of our KEXINIT. */
    List<String> algorithms() {
        Set<String> names = new LinkedHashSet<>();
        for (HostKey key : keys) {
            names.addAll(algorithms(key));
        }
        return List.copyOf(names);
    }

    /** The first key whose algorithms include {@code algorithm}, one we offered. */
    HostKey keyFor(String algorithm) {
        for (HostKey key : keys) {
            if (algorithms(key).contains(algorithm)) {
                return key;
            }
        }
        throw new IllegalStateException("no host key for " + algorithm);
    }

    private List<String> algorithms(HostKey key) {
        if (!sha1Signatures || key.legacySignatureAlgorithms().isEmpty()) {
            return key.publicKey().signatureAlgorithms();
        }
        List<String> names = new ArrayList<>(key.publicKey().signatureAlgorithms());
        names.addAll(key.legacySignatureAlgorithms());
        return names;
    }
}
