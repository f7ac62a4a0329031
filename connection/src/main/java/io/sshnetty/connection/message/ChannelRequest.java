package io.sshnetty.connection.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;

import java.util.function.Consumer;

/**
 * SSH_MSG_CHANNEL_REQUEST, RFC 4254 §5.4. Decoding reads the head (the request-specific fields stay in
 * the payload); encoding writes the head and then whatever {@code fields} writes.
 */
public record ChannelRequest(int recipientChannel, String requestType, boolean wantReply, Consumer<ByteBuf> fields)
        implements SshMessage {
    public static ChannelRequest decodeHead(ByteBuf in) {
        Wire.readByte(in);
        return new ChannelRequest(Wire.readUint32(in), Wire.readAscii(in), Wire.readBoolean(in), null);
    }

    /** RFC 4254 §6.10: the command's exit status, sent without asking for a reply. */
    public static ChannelRequest exitStatus(int recipientChannel, int status) {
        return new ChannelRequest(recipientChannel, "exit-status", false, out -> out.writeInt(status));
    }

    /** RFC 4254 §6.10: the command was ended by a signal. */
    public static ChannelRequest exitSignal(int recipientChannel, String signal, boolean coreDumped, String message) {
        return new ChannelRequest(recipientChannel, "exit-signal", false, out -> {
            Wire.writeAscii(out, signal);
            Wire.writeBoolean(out, coreDumped);
            Wire.writeUtf8(out, message);
            Wire.writeAscii(out, "");
        });
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.CHANNEL_REQUEST;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.CHANNEL_REQUEST);
        out.writeInt(recipientChannel);
        Wire.writeAscii(out, requestType);
        Wire.writeBoolean(out, wantReply);
        if (fields != null) {
            fields.accept(out);
        }
    }
}
