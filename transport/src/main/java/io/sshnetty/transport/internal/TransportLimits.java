package io.sshnetty.transport.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * What one connection may cost the server at the transport layer, whatever its peer does. Each limit ends
 * the connection when it is exceeded; see docs/security.md, "Isolation".
 *
 * @param maxPendingOutputBytes     bytes the server may hold for a peer that does not read: written and not yet
 *                                  taken by the socket, plus what is held back during a key exchange. Reading from
 *                                  the peer already stops once the socket's high water mark is passed, so only
 *                                  work that is not driven by the peer's input can grow the backlog this far
 * @param firstKexTimeout           time allowed for the first key exchange, from our KEXINIT to the peer's NEWKEYS
 * @param rekeyTimeout              time allowed for each later key exchange, from its first KEXINIT to the peer's
 *                                  NEWKEYS
 * @param maxPreAuthUnimplemented   SSH_MSG_UNIMPLEMENTED replies sent before the user is authenticated; one more
 *                                  reason to reply ends the connection
 */
public record TransportLimits(long maxPendingOutputBytes, Duration firstKexTimeout, Duration rekeyTimeout,
        int maxPreAuthUnimplemented) {

    /**
     * 4 MiB: sixteen times the socket's high water mark (256 KiB), above which reading has stopped already,
     * and far above a 32 KiB channel packet; 10k connections each at the cap would hold 40 GiB, so the cap
     * is a backstop against runaway writers, not the everyday bound (the water mark is).
     */
    public static final long DEFAULT_MAX_PENDING_OUTPUT_BYTES = 4L * 1024 * 1024;
    /**
     * 120 s, sshd's LoginGraceTime: the first exchange may wait on a person, since OpenSSH's client asks
     * whether to trust an unknown host key before it sends NEWKEYS.
     */
    public static final Duration DEFAULT_FIRST_KEX_TIMEOUT = Duration.ofSeconds(120);
    /**
     * 30 s: a re-key never asks a person (the host key must match the first one), so it takes a round trip
     * and a few milliseconds of computation; meanwhile our writes are held, so it must not last.
     */
    public static final Duration DEFAULT_REKEY_TIMEOUT = Duration.ofSeconds(30);
    /**
     * 10: real clients send a message we do not know only when they probe an extension, once or twice per
     * connection; a peer that keeps doing it before authenticating only makes us write.
     */
    public static final int DEFAULT_MAX_PRE_AUTH_UNIMPLEMENTED = 10;

    public static final TransportLimits DEFAULT = new TransportLimits(DEFAULT_MAX_PENDING_OUTPUT_BYTES,
            DEFAULT_FIRST_KEX_TIMEOUT, DEFAULT_REKEY_TIMEOUT, DEFAULT_MAX_PRE_AUTH_UNIMPLEMENTED);

    public TransportLimits {
        Objects.requireNonNull(firstKexTimeout, "firstKexTimeout");
        Objects.requireNonNull(rekeyTimeout, "rekeyTimeout");
        if (maxPendingOutputBytes < 64 * 1024) {
            throw new IllegalArgumentException("the pending output cap must leave room for a few packets (64 KiB at least)");
        }
        if (!isPositive(firstKexTimeout) || !isPositive(rekeyTimeout)) {
            throw new IllegalArgumentException("key exchange timeouts must be positive");
        }
        if (maxPreAuthUnimplemented < 0) {
            throw new IllegalArgumentException("maxPreAuthUnimplemented must not be negative");
        }
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    public TransportLimits withMaxPendingOutputBytes(long bytes) {
        return new TransportLimits(bytes, firstKexTimeout, rekeyTimeout, maxPreAuthUnimplemented);
    }

    public TransportLimits withKexTimeouts(Duration first, Duration rekey) {
        return new TransportLimits(maxPendingOutputBytes, first, rekey, maxPreAuthUnimplemented);
    }

    public TransportLimits withMaxPreAuthUnimplemented(int count) {
        return new TransportLimits(maxPendingOutputBytes, firstKexTimeout, rekeyTimeout, count);
    }
}
