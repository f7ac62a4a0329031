package io.sshnetty.connection.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.Wire;

/** The head of SSH_MSG_GLOBAL_REQUEST, RFC 4254 §4; request-specific fields stay in the payload. */
public record GlobalRequest(String requestName, boolean wantReply) {
    public static GlobalRequest decodeHead(ByteBuf in) {
        Wire.readByte(in);
        return new GlobalRequest(Wire.readAscii(in), Wire.readBoolean(in));
    }
}
