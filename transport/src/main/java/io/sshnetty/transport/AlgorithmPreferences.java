package io.sshnetty.transport;

import io.sshnetty.transport.internal.cipher.CipherAlgorithms;
import io.sshnetty.transport.internal.cipher.MacAlgorithms;
import io.sshnetty.transport.internal.compression.CompressionAlgorithms;
import io.sshnetty.transport.internal.kex.KexAlgorithms;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The algorithms a server offers, per family, in order of preference: the one place each family's list
 * is set for a server. Every name must be implemented (its table knows it). Host key algorithms are not
 * here: they follow from the server's host keys.
 *
 * @param kex         key exchange methods
 * @param ciphers     encryption algorithms, both directions
 * @param macs        MAC algorithms, both directions (unused with AEAD ciphers)
 * @param compression compression algorithms, both directions
 * @param sha1HostKeySignatures whether host keys that can also sign with SHA-1 (RSA's {@code ssh-rsa},
 *                    RFC 4253 §6.6) offer it, after their SHA-2 algorithms; off by default, as in OpenSSH
 *                    since 8.8
 */
public record AlgorithmPreferences(List<String> kex, List<String> ciphers, List<String> macs, List<String> compression,
        boolean sha1HostKeySignatures) {

    public AlgorithmPreferences {
        kex = checked("key exchange", kex, name -> KexAlgorithms.byName(name).isPresent());
        ciphers = checked("cipher", ciphers, name -> CipherAlgorithms.byName(name).isPresent());
        macs = checked("MAC", macs, name -> MacAlgorithms.byName(name).isPresent());
        compression = checked("compression", compression, name -> CompressionAlgorithms.byName(name).isPresent());
    }

    /** The preferences without SHA-1 host key signatures. */
    public AlgorithmPreferences(List<String> kex, List<String> ciphers, List<String> macs, List<String> compression) {
        this(kex, ciphers, macs, compression, false);
    }

    /** Every implemented algorithm of each family, in OpenSSH's order of preference. */
    public static AlgorithmPreferences defaults() {
        return new AlgorithmPreferences(KexAlgorithms.defaultNames(), CipherAlgorithms.defaultNames(),
                MacAlgorithms.defaultNames(), CompressionAlgorithms.defaultNames());
    }

    public AlgorithmPreferences withCompression(List<String> names) {
        return new AlgorithmPreferences(kex, ciphers, macs, names, sha1HostKeySignatures);
    }

    public AlgorithmPreferences withKex(List<String> names) {
        return new AlgorithmPreferences(names, ciphers, macs, compression, sha1HostKeySignatures);
    }

    public AlgorithmPreferences withCiphers(List<String> names) {
        return new AlgorithmPreferences(kex, names, macs, compression, sha1HostKeySignatures);
    }

    public AlgorithmPreferences withMacs(List<String> names) {
        return new AlgorithmPreferences(kex, ciphers, names, compression, sha1HostKeySignatures);
    }

    /** Turns SHA-1 host key signatures ({@code ssh-rsa}) on or off; see {@link #sha1HostKeySignatures()}. */
    public AlgorithmPreferences withSha1HostKeySignatures(boolean enabled) {
        return new AlgorithmPreferences(kex, ciphers, macs, compression, enabled);
    }

    private static List<String> checked(String family, List<String> names, Predicate<String> implemented) {
        Objects.requireNonNull(names, family);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no " + family + " algorithm");
        }
        for (String name : names) {
            if (!implemented.test(name)) {
                throw new IllegalArgumentException("unknown " + family + " algorithm: " + name);
            }
        }
        return List.copyOf(names);
    }
}
