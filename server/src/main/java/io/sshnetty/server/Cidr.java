package io.sshnetty.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A network in CIDR notation, {@code 10.0.0.0/8} or {@code 2001:db8::/32} (a bare address is a /32 or a
 * /128): the trusted PROXY protocol peers, the penalty exempt list, and the address blocks that per-source
 * limits and penalties count by (sshd's PerSourceNetBlockSize).
 *
 * @param network the network's address, its host bits zero
 * @param prefix  the number of leading bits that name the network
 */
public record Cidr(InetAddress network, int prefix) {
    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + network.getHostAddress());
        }
        network = masked(network, prefix);
    }

    /** Parses {@code address[/prefix]}; the address must be a literal, never a name to resolve. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.isEmpty() || !(address.indexOf(':') >= 0 || Character.digit(address.charAt(0), 16) >= 0)
                || address.chars().anyMatch(c -> !(Character.digit(c, 16) >= 0 || c == '.' || c == ':'))) {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        try {
            InetAddress network = InetAddress.getByName(address);
            int prefix = slash < 0 ? network.getAddress().length * 8 : Integer.parseInt(text.substring(slash + 1));
            return new Cidr(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a network: " + text, e);
        }
    }

    /** Whether {@code address} is in this network (an IPv4 address is never in an IPv6 network, and back). */
    public boolean contains(InetAddress address) {
        return address != null && address.getAddress().length == network.getAddress().length
                && Arrays.equals(masked(address, prefix).getAddress(), network.getAddress());
    }

    /** The block of {@code bits} leading bits that {@code address} belongs to. */
    public static Cidr blockOf(InetAddress address, int bits) {
        return new Cidr(address, Math.min(bits, address.getAddress().length * 8));
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff00 >>> keep);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
