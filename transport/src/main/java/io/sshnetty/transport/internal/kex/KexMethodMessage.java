package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.internal.wire.SshMessage;

/**
 * A client's message of a key exchange method (numbers 30–49, RFC 4253 §7). The numbers are reused by
 * each method, so which record a payload is depends on the negotiated method: {@link KexAlgorithm#decode}.
 */
public sealed interface KexMethodMessage extends SshMessage permits EcdhInit, DhGexRequest, DhGexRequestOld, DhGexInit {
}
