package io.sshnetty.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a failed authentication request waits before it is answered, so that its timing tells nothing
 * about whether the user exists or how far the check got (sshd's {@code user_specific_delay} and
 * {@code ensure_minimum_time_since}, auth2.c).
 *
 * <p>Each user name gets its own delay: the floor plus a share of the jitter derived from an HMAC of the
 * name under a secret made when this object is created. It is stable for a name, differs between names, and
 * cannot be predicted without the secret, so it is the same whether or not the user exists. A failure is
 * answered no sooner than that delay after its request arrived. When an authenticator takes longer (a
 * directory lookup, a slow hash for existing users only), the answer waits, as sshd does, until the next
 * doubling of the delay past the time taken, and the floor of every later failure on this server grows to
 * that time (up to {@link #MAX_LEARNED_FLOOR}), so unknown users are then answered as slowly as known ones.
 * The learned floor never shrinks: shrinking it would bring the difference back.
 */
public final class FailureDelay {
    /** The floor when none is configured: makes guessing slow and hides lookups, short enough not to annoy. */
    public static final Duration DEFAULT_FLOOR = Duration.ofMillis(300);
    /** The spread of the per-user part above the floor when none is configured. */
    public static final Duration DEFAULT_JITTER = Duration.ofMillis(100);
    /**
     * The learned floor grows no higher: one authenticator stalled for a minute (a directory timeout) must not
     * make every later failure on the server wait a minute.
     */
    public static final Duration MAX_LEARNED_FLOOR = Duration.ofSeconds(5);
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long floorNanos;
    private final long jitterNanos;
    private final SecretKeySpec secret;
    /** The floor learned from authenticators slower than it; starts at the configured floor. */
    private final AtomicLong learnedFloorNanos;

    private FailureDelay(Duration floor, Duration jitter) {
        if (floor.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("failure delay and jitter must not be negative");
        }
        this.floorNanos = floor.toNanos();
        this.jitterNanos = jitter.toNanos();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        this.secret = new SecretKeySpec(key, HMAC);
        this.learnedFloorNanos = new AtomicLong(floorNanos);
    }

    /** Failures wait at least {@code floor} plus a per-user share of {@code jitter}; both may be zero. */
    public static FailureDelay of(Duration floor, Duration jitter) {
        return new FailureDelay(Objects.requireNonNull(floor, "floor"), Objects.requireNonNull(jitter, "jitter"));
    }

    /** The configured floor (before anything was learned). */
    public Duration floor() {
        return Duration.ofNanos(floorNanos);
    }

    public Duration jitter() {
        return Duration.ofNanos(jitterNanos);
    }

    /** The delay of {@code user}'s failures now: the (learned) floor plus the user's share of the jitter. */
    public long delayNanos(String user) {
        return learnedFloorNanos.get() + share(user);
    }

    /**
     * How much longer a failure of {@code user} must wait after its check took {@code elapsedNanos}: zero or
     * more. Learns from a check that took longer than the user's delay.
     */
    public long remainingNanos(String user, long elapsedNanos) {
        long required = delayNanos(user);
        if (required <= 0) {
            return 0;
        }
        if (elapsedNanos > required) {
            long learned = Math.min(elapsedNanos, MAX_LEARNED_FLOOR.toNanos());
            learnedFloorNanos.accumulateAndGet(learned, Math::max);
            while (required < elapsedNanos) {
                required *= 2;
            }
        }
        return required - elapsedNanos;
    }

    /** The user's stable share of the jitter: HMAC(secret, user) read as a fraction of one. */
    private long share(String user) {
        if (jitterNanos == 0) {
            return 0;
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            byte[] hash = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
            long fraction = ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
            return (long) (jitterNanos * (fraction / (double) (1L << 32)));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException(HMAC + " is part of every JDK", unavailable);
        }
    }
}
