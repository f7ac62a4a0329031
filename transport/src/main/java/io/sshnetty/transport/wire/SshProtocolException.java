package io.sshnetty.transport.wire;

/**
 * A violation of the protocol by the peer. The transport answers it with SSH_MSG_DISCONNECT carrying
 * {@link #reason()} and the message as description, then closes the connection.
 */
public final class SshProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DisconnectReason reason;

    public SshProtocolException(DisconnectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public DisconnectReason reason() {
        return reason;
    }

    public static SshProtocolException protocolError(String message) {
        return new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, message);
    }
}
