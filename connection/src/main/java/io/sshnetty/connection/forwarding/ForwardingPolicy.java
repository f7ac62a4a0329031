package io.sshnetty.connection.forwarding;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Decides which forwardings a client may use. The library denies all by default; an application opts in.
 * Called on the connection's event loop: it must not block. A TCP request naming a host is asked about
 * twice, the second time with {@link ForwardingRequest#resolvedAddress()} set (see there).
 */
@FunctionalInterface
public interface ForwardingPolicy {
    boolean allows(ForwardingRequest request);

    /** No forwarding at all: the library's default. */
    static ForwardingPolicy denyAll() {
        return request -> false;
    }

    /**
     * TCP forwarding to and from loopback addresses only (127.0.0.0/8, ::1, "localhost"); no Unix sockets.
     * A name must also resolve to a loopback address. The demo server's policy.
     */
    static ForwardingPolicy loopbackOnly() {
        return request -> (request.kind() == ForwardingRequest.Kind.LOCAL_TCP
                || request.kind() == ForwardingRequest.Kind.REMOTE_TCP) && isLoopback(request.host())
                && (request.resolvedAddress() == null || request.resolvedAddress().isLoopbackAddress());
    }

    /** True for "localhost" and literal loopback addresses; names are not resolved (that could block). */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!literal || host.isEmpty()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
