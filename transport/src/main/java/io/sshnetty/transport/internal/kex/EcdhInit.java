package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * The client's value of a one-round method, message 30: SSH_MSG_KEX_ECDH_INIT ({@code string Q_C}, RFC 5656 §4,
 * RFC 8731), SSH_MSG_KEX_HYBRID_INIT ({@code string C_INIT}, the hybrid KEMs) and SSH_MSG_KEXDH_INIT
 * ({@code mpint e}, RFC 4253 §8, read as the string that holds it). The reply is an {@link EcdhReply}.
 */
public record EcdhInit(byte[] clientValue) implements KexMethodMessage {
    public static final int NUMBER = OneRoundKex.INIT;
    /** Far above the largest client value (an 8192-bit DH e, or sntrup761's 1190 bytes). */
    public static final int MAX_CLIENT_VALUE = 2048;

    public static EcdhInit decode(ByteBuf in) {
        Wire.readMessageNumber(in, NUMBER, "a key exchange init message");
        EcdhInit init = new EcdhInit(Wire.readBytes(in, MAX_CLIENT_VALUE));
        Wire.expectEnd(in, "key exchange init message");
        return init;
    }

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        Wire.writeBytes(out, clientValue);
    }

    @Override
    public int estimatedSize() {
        return 5 + clientValue.length;
    }
}
