package io.sshnetty.transport.internal.kex;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The key exchange's randomness: one DRBG per thread. A shared SecureRandom serialises every event loop
 * and worker on its lock during a handshake storm (the JDK's NativePRNG and DRBG are synchronized), and
 * per-thread NativePRNG instances still share one native source; separate DRBG instances, each seeded
 * from the system's entropy, share nothing.
 */
public final class Randomness {
    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(Randomness::create);

    private Randomness() {
    }

    /** The calling thread's generator; never hand it to another thread. */
    public static SecureRandom current() {
        return PER_THREAD.get();
    }

    private static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
