package io.sshnetty.transport.internal;

import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.internal.kex.KexWorkers;
import io.sshnetty.transport.internal.packet.PacketCodec;
import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.packet.PacketListener;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The transport layer's settings for one server.
 *
 * @param identification  our identification line without CR LF, e.g. {@code SSH-2.0-sshnetty_0.1.0}
 * @param hostKeys        the keys the server proves itself with; at least one
 * @param algorithms      the algorithms offered, per family
 * @param maxPacketLength the largest packet_length accepted (RFC 4253 §6.1)
 * @param packetListener  sees every payload in both directions
 * @param rekeyAfterBytes the server starts a new key exchange once this many bytes (both directions, on
 *                        the wire) have passed under one set of keys (RFC 4253 §9)
 * @param rekeyAfterTime  … or once the keys are this old
 * @param limits          what one connection may cost (pending output, key exchange deadlines, error replies)
 * @param kexWorkers      computes key exchange steps off the event loop; null to compute them inline (tests)
 */
public record TransportConfig(
        String identification,
        List<HostKey> hostKeys,
        AlgorithmPreferences algorithms,
        int maxPacketLength,
        PacketListener packetListener,
        long rekeyAfterBytes,
        Duration rekeyAfterTime,
        TransportLimits limits,
        KexWorkers kexWorkers) {

    /** RFC 4253 §9 recommends a new key exchange after each gigabyte of transmitted data. */
    public static final long DEFAULT_REKEY_AFTER_BYTES = 1L << 30;
    /** RFC 4253 §9 recommends a new key exchange after each hour. */
    public static final Duration DEFAULT_REKEY_AFTER_TIME = Duration.ofHours(1);

    public TransportConfig {
        hostKeys = List.copyOf(hostKeys);
        if (hostKeys.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one host key");
        }
        if (maxPacketLength < 35000) {
            throw new IllegalArgumentException("RFC 4253 §6.1 requires packets of 35000 bytes to be accepted");
        }
        Objects.requireNonNull(rekeyAfterTime, "rekeyAfterTime");
        Objects.requireNonNull(limits, "limits");
        if (rekeyAfterBytes <= 0 || rekeyAfterTime.isNegative() || rekeyAfterTime.isZero()) {
            throw new IllegalArgumentException("re-key limits must be positive");
        }
    }

    /** The settings with inline key exchange steps. */
    public TransportConfig(String identification, List<HostKey> hostKeys, AlgorithmPreferences algorithms,
            int maxPacketLength, PacketListener packetListener, long rekeyAfterBytes, Duration rekeyAfterTime,
            TransportLimits limits) {
        this(identification, hostKeys, algorithms, maxPacketLength, packetListener, rekeyAfterBytes, rekeyAfterTime,
                limits, null);
    }

    /** The settings with the default connection limits. */
    public TransportConfig(String identification, List<HostKey> hostKeys, AlgorithmPreferences algorithms,
            int maxPacketLength, PacketListener packetListener, long rekeyAfterBytes, Duration rekeyAfterTime) {
        this(identification, hostKeys, algorithms, maxPacketLength, packetListener, rekeyAfterBytes, rekeyAfterTime,
                TransportLimits.DEFAULT);
    }

    /** The settings with the default re-key limits (1 GiB, 1 hour). */
    public TransportConfig(String identification, List<HostKey> hostKeys, AlgorithmPreferences algorithms,
            int maxPacketLength, PacketListener packetListener) {
        this(identification, hostKeys, algorithms, maxPacketLength, packetListener, DEFAULT_REKEY_AFTER_BYTES,
                DEFAULT_REKEY_AFTER_TIME);
    }

    public static TransportConfig of(String identification, List<HostKey> hostKeys) {
        return new TransportConfig(identification, hostKeys, AlgorithmPreferences.defaults(),
                PacketCodec.DEFAULT_MAX_PACKET_LENGTH, PacketListener.NONE);
    }

    /** These settings with other re-key limits. */
    public TransportConfig withRekeyLimits(long bytes, Duration time) {
        return new TransportConfig(identification, hostKeys, algorithms, maxPacketLength, packetListener, bytes, time,
                limits, kexWorkers);
    }

    /** These settings with other connection limits. */
    public TransportConfig withLimits(TransportLimits other) {
        return new TransportConfig(identification, hostKeys, algorithms, maxPacketLength, packetListener, rekeyAfterBytes,
                rekeyAfterTime, other, kexWorkers);
    }

    /** These settings with key exchange steps computed on {@code workers}. */
    public TransportConfig withKexWorkers(KexWorkers workers) {
        return new TransportConfig(identification, hostKeys, algorithms, maxPacketLength, packetListener, rekeyAfterBytes,
                rekeyAfterTime, limits, workers);
    }
}
