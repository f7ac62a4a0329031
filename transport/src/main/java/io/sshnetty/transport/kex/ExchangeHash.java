package io.sshnetty.transport.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Wire;

import java.nio.charset.StandardCharsets;

/** The fields every exchange hash starts with, RFC 4253 §8: V_C, V_S, I_C, I_S, K_S. */
final class ExchangeHash {
    private ExchangeHash() {
    }

    static void writePrefix(ByteBuf out, ExchangeHashInput input, byte[] hostKeyBlob) {
        Wire.writeBytes(out, input.clientIdentification().getBytes(StandardCharsets.UTF_8));
        Wire.writeBytes(out, input.serverIdentification().getBytes(StandardCharsets.UTF_8));
        Wire.writeBytes(out, input.clientKexInit());
        Wire.writeBytes(out, input.serverKexInit());
        Wire.writeBytes(out, hostKeyBlob);
    }
}
