package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.wire.SshProtocolException;

/**
 * A message of the transport layer's own (RFC 4253 §7–§11, RFC 8308, OpenSSH's ping), as a record both
 * ways: {@link #decode} reads one from a payload, {@link #encode} writes it back. The key exchange
 * method's own messages (30–49) mean different things per method and are decoded by the method
 * ({@link io.sshnetty.transport.internal.kex.KexAlgorithm#decode}).
 */
public sealed interface TransportMessage extends SshMessage
        permits Disconnect, Ignore, Unimplemented, Debug, ServiceRequest, ServiceAccept, ExtInfo, KexInit, NewKeys,
        Ping, Pong {

    /** Whether {@link #decode} knows the message number. */
    static boolean isDefined(int number) {
        switch (number) {
            case MessageNumbers.DISCONNECT:
            case MessageNumbers.IGNORE:
            case MessageNumbers.UNIMPLEMENTED:
            case MessageNumbers.DEBUG:
            case MessageNumbers.SERVICE_REQUEST:
            case MessageNumbers.SERVICE_ACCEPT:
            case MessageNumbers.EXT_INFO:
            case MessageNumbers.KEXINIT:
            case MessageNumbers.NEWKEYS:
            case MessageNumbers.PING:
            case MessageNumbers.PONG:
                return true;
            default:
                return false;
        }
    }

    /**
     * Decodes one payload, message number first, reading all of it.
     *
     * @throws SshProtocolException PROTOCOL_ERROR for a malformed message, or one {@link #isDefined} does not know
     */
    static TransportMessage decode(ByteBuf payload) {
        int number = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
        switch (number) {
            case MessageNumbers.DISCONNECT: return Disconnect.decode(payload);
            case MessageNumbers.IGNORE: return Ignore.decode(payload);
            case MessageNumbers.UNIMPLEMENTED: return Unimplemented.decode(payload);
            case MessageNumbers.DEBUG: return Debug.decode(payload);
            case MessageNumbers.SERVICE_REQUEST: return ServiceRequest.decode(payload);
            case MessageNumbers.SERVICE_ACCEPT: return ServiceAccept.decode(payload);
            case MessageNumbers.EXT_INFO: return ExtInfo.decode(payload);
            case MessageNumbers.KEXINIT: return KexInit.decode(payload);
            case MessageNumbers.NEWKEYS: return NewKeys.decode(payload);
            case MessageNumbers.PING: return Ping.decode(payload);
            case MessageNumbers.PONG: return Pong.decode(payload);
            default: throw SshProtocolException.protocolError("message " + number + " is not a transport message");
        }
    }
}
