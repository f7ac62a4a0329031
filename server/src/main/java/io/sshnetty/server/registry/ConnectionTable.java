package io.sshnetty.server.registry;

import io.sshnetty.connection.channel.ChannelSummary;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** Connections as text for operators: one line each, or a table with a header. */
public final class ConnectionTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String FORMAT = "%-10s %-12s %-22s %-8s %12s %12s  %-19s  %s";

    private ConnectionTable() {
    }

    public static String table(List<ConnectionInfo> connections) {
        StringBuilder out = new StringBuilder(String.format(FORMAT, "ID", "USER", "FROM", "STATE", "BYTES-IN", "BYTES-OUT",
                "SINCE (UTC)", "CHANNELS")).append('\n');
        for (ConnectionInfo connection : connections) {
            out.append(line(connection)).append('\n');
        }
        return out.toString();
    }

    public static String line(ConnectionInfo connection) {
        return String.format(FORMAT, connection.id(), connection.user() == null ? "-" : connection.user(),
                address(connection.remoteAddress()), connection.state(), connection.bytesIn(), connection.bytesOut(),
                TIME.format(connection.startedAt()), connection.complete() ? channels(connection.channels()) : "? (event loop busy)");
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private static String channels(List<ChannelSummary> channels) {
        if (channels.isEmpty()) {
            return "-";
        }
        return channels.stream().map(channel -> channel.id() + ":" + channel.type()
                + (channel.detail().isEmpty() ? "" : "(" + channel.detail() + ")")).collect(Collectors.joining(" "));
    }
}
