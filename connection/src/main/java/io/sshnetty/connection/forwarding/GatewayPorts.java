package io.sshnetty.connection.forwarding;

/**
 * Which address a remote forward ({@code ssh -R}, "tcpip-forward") listens on: sshd_config's GatewayPorts.
 * Whatever is chosen, the {@link ForwardingPolicy} and the key's {@code permitlisten} decide first.
 */
public enum GatewayPorts {
    /**
     * Loopback only, whatever the client asks for (an explicit 127.0.0.1 or ::1 is kept): other hosts
     * cannot reach forwarded ports. sshd's default, and ours.
     */
    NO,
    /** Every address, whatever the client asks for. */
    YES,
    /**
     * The client chooses: "" and "*" mean every address, "localhost" loopback, anything else that
     * address (a name is resolved without blocking and the policy asked again about the result).
     */
    CLIENT_SPECIFIED
}
