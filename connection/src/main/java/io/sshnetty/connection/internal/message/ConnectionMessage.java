package io.sshnetty.connection.internal.message;

import io.sshnetty.transport.internal.wire.SshMessage;

/**
 * A message of the connection protocol (RFC 4254) that a client sends us: a record (or, for data, a buffer
 * holder) with one {@code decode} and an {@code encode} that writes it back as it was decoded.
 * {@link ConnectionMessages#decode} chooses by message number.
 */
public sealed interface ConnectionMessage extends SshMessage permits GlobalRequest, ChannelOpen, ChannelOpenConfirmation,
        ChannelOpenFailure, ChannelWindowAdjust, ChannelData, ChannelSignal, ChannelRequest {
}
