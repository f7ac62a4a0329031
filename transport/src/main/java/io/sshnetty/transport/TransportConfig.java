package io.sshnetty.transport;

import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.packet.PacketCodec;
import io.sshnetty.transport.packet.PacketListener;

import java.util.List;

/**
 * The transport layer's settings for one server.
 *
 * @param identification  our identification line without CR LF, e.g. {@code SSH-2.0-sshnetty_0.1.0}
 * @param hostKeys        the keys the server proves itself with; at least one
 * @param algorithms      the algorithms offered, per family
 * @param maxPacketLength the largest packet_length accepted (RFC 4253 §6.1)
 * @param packetListener  sees every payload in both directions
 */
public record TransportConfig(
        String identification,
        List<HostKey> hostKeys,
        AlgorithmPreferences algorithms,
        int maxPacketLength,
        PacketListener packetListener) {

    public TransportConfig {
        hostKeys = List.copyOf(hostKeys);
        if (hostKeys.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one host key");
        }
        if (maxPacketLength < 35000) {
            throw new IllegalArgumentException("RFC 4253 §6.1 requires packets of 35000 bytes to be accepted");
        }
    }

    public static TransportConfig of(String identification, List<HostKey> hostKeys) {
        return new TransportConfig(identification, hostKeys, AlgorithmPreferences.defaults(),
                PacketCodec.DEFAULT_MAX_PACKET_LENGTH, PacketListener.NONE);
    }
}
