package io.sshnetty.transport.packet;

import io.netty.buffer.ByteBuf;

/**
 * Sees every payload in both directions, in plain text, with its sequence number: the one point a
 * protocol trace or a fault injector attaches to. Called on the connection's event loop; it must not
 * keep or modify the buffers it is shown. A listener that throws ends the connection as an internal error:
 * the packet it was shown is released and not passed on.
 */
public interface PacketListener {
    PacketListener NONE = new PacketListener() {
    };

    default void inbound(int sequenceNumber, ByteBuf payload) {
    }

    default void outbound(int sequenceNumber, ByteBuf payload) {
    }
}
