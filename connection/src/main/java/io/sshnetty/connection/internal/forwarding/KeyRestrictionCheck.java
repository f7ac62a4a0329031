package io.sshnetty.connection.internal.forwarding;

import io.sshnetty.auth.publickey.KeyRestrictions;
import io.sshnetty.connection.forwarding.ForwardingRequest;

import java.util.List;

/**
 * What the user's key allows of forwarding, as sshd reads authorized_keys: {@code no-agent-forwarding}
 * forbids the agent; {@code no-port-forwarding} (or {@code restrict}) forbids every kind of port
 * forwarding, TCP and Unix; {@code permitopen="host:port"} limits the
 * targets of {@code ssh -L}; {@code permitlisten="[host:]port"} limits what {@code ssh -R} may listen on.
 * A port of {@code *} matches any port, a host of {@code *} any host.
 */
final class KeyRestrictionCheck {
    private KeyRestrictionCheck() {
    }

    static boolean allows(KeyRestrictions restrictions, ForwardingRequest request) {
        if (request.kind() == ForwardingRequest.Kind.AGENT) {
            return restrictions.permitAgentForwarding();
        }
        if (!restrictions.permitPortForwarding()) {
            return false;
        }
        switch (request.kind()) {
            case LOCAL_TCP:
                return matchesAny(restrictions.permitOpen(), request.host(), request.port(), true);
            case REMOTE_TCP:
                return matchesAny(restrictions.permitListen(), request.host(), request.port(), false);
            default:
                return true;
        }
    }

    private static boolean matchesAny(List<String> entries, String host, int port, boolean hostRequired) {
        if (entries.isEmpty()) {
            return true;
        }
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            String entryHost = colon < 0 ? (hostRequired ? null : "localhost") : unbracket(entry.substring(0, colon));
            String entryPort = colon < 0 ? entry : entry.substring(colon + 1);
            if (entryHost == null) {
                continue;
            }
            boolean hostMatches = entryHost.equals("*") || entryHost.equalsIgnoreCase(host)
                    || (!hostRequired && entryHost.equals("localhost") && (host.isEmpty() || host.equalsIgnoreCase("localhost")));
            boolean portMatches = entryPort.equals("*") || entryPort.equals(Integer.toString(port));
            if (hostMatches && portMatches) {
                return true;
            }
        }
        return false;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
