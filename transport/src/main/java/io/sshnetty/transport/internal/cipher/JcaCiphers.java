package io.sshnetty.transport.internal.cipher;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * JCA {@link Cipher} and {@link Mac} instances for the connection's keys, from the provider the JCA chose the
 * first time.
 *
 * <p>{@code Cipher.getInstance(transformation)} walks the provider list and parses the transformation on
 * every call (≈ 3 µs and 2.5 kB here, twice per key exchange); naming the provider it found costs
 * ≈ 0.5 µs. A provider installed ahead of it later is not picked up by ciphers of that transformation.
 *
 * <p>The instances themselves are not shared: each holds one connection's key, and re-keying a JDK AES
 * cipher costs as much as making a new one (the key schedule, and for GCM its hash key, ≈ 5–20 µs), so a
 * pool shared by connections would pay that on every packet.
 */
final class JcaCiphers {
    private static final ConcurrentMap<String, Provider> PROVIDERS = new ConcurrentHashMap<>();

    private JcaCiphers() {
    }

    static Cipher getInstance(String transformation) throws GeneralSecurityException {
        return instance("Cipher." + transformation,
                provider -> provider == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, provider),
                Cipher::getProvider);
    }

    static Mac getMac(String algorithm) throws GeneralSecurityException {
        return instance("Mac." + algorithm,
                provider -> provider == null ? Mac.getInstance(algorithm) : Mac.getInstance(algorithm, provider),
                Mac::getProvider);
    }

    /** One JCA factory call: from a null provider (the JCA searches) the first time, from the one it found after. */
    private interface Factory<T> {
        T make(Provider provider) throws GeneralSecurityException;
    }

    private static <T> T instance(String key, Factory<T> factory, Function<T, Provider> providerOf)
            throws GeneralSecurityException {
        Provider provider = PROVIDERS.get(key);
        if (provider != null) {
            return factory.make(provider);
        }
        T made = factory.make(null);
        PROVIDERS.putIfAbsent(key, providerOf.apply(made));
        return made;
    }
}
