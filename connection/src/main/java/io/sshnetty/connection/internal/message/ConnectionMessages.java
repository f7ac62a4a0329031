package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * The one decode switch of the connection protocol's inbound messages (RFC 4254), by message number. Each
 * message's own {@code decode} reads it; every one returns the message or throws {@link SshProtocolException}
 * with PROTOCOL_ERROR, never another exception.
 */
public final class ConnectionMessages {
    private ConnectionMessages() {
    }

    /**
     * Decodes the payload {@code in} (message number first), or returns null when the number is not one of
     * the connection messages a client sends us. A decoded {@link ChannelData} holds a retained slice of
     * {@code in}, which the caller releases.
     */
    public static ConnectionMessage decode(ByteBuf in) {
        if (!in.isReadable()) {
            throw SshProtocolException.protocolError("empty message");
        }
        switch (in.getUnsignedByte(in.readerIndex())) {
            case MessageNumbers.GLOBAL_REQUEST:
                return GlobalRequest.decode(in);
            case MessageNumbers.CHANNEL_OPEN:
                return ChannelOpen.decode(in);
            case MessageNumbers.CHANNEL_OPEN_CONFIRMATION:
                return ChannelOpenConfirmation.decode(in);
            case MessageNumbers.CHANNEL_OPEN_FAILURE:
                return ChannelOpenFailure.decode(in);
            case MessageNumbers.CHANNEL_WINDOW_ADJUST:
                return ChannelWindowAdjust.decode(in);
            case MessageNumbers.CHANNEL_DATA:
            case MessageNumbers.CHANNEL_EXTENDED_DATA:
                return ChannelData.decode(in);
            case MessageNumbers.CHANNEL_EOF:
            case MessageNumbers.CHANNEL_CLOSE:
            case MessageNumbers.CHANNEL_SUCCESS:
            case MessageNumbers.CHANNEL_FAILURE:
                return ChannelSignal.decode(in);
            case MessageNumbers.CHANNEL_REQUEST:
                return ChannelRequest.decode(in);
            default:
                return null;
        }
    }

    /** Reads the message number and fails unless it is {@code expected}. */
    static void expectNumber(ByteBuf in, int expected) {
        int number = Wire.readByte(in);
        if (number != expected) {
            throw SshProtocolException.protocolError("message " + number + " where " + expected + " was expected");
        }
    }
}
