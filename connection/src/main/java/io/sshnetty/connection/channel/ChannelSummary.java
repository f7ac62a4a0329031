package io.sshnetty.connection.channel;

/**
 * One channel as an operator sees it.
 *
 * @param id       our channel number
 * @param type     the channel type: "session", "direct-tcpip", "forwarded-tcpip", …
 * @param detail   what it serves: the command, "shell", the subsystem name, or the forwarding target
 * @param bytesIn  data bytes received from the client
 * @param bytesOut data bytes sent to the client
 */
public record ChannelSummary(int id, String type, String detail, long bytesIn, long bytesOut) {
}
