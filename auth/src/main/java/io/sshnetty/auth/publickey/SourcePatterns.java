package io.sshnetty.auth.publickey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address patterns of authorized_keys' {@code from="…"} (sshd(8), AUTHORIZED_KEYS FILE FORMAT, and
 * PATTERNS in ssh_config(5)) and of certificates' {@code source-address}: a comma-separated list of
 * entries, each a wildcard pattern ({@code *} any run of characters, {@code ?} one) matched against the
 * client's address as text, or an address/prefix-length CIDR block; an entry with a leading {@code !} is a
 * negation. The client matches when some positive entry matches and no negated one does. Host names are
 * never looked up (sshd's {@code UseDNS no}, its default), so name patterns match nothing but addresses.
 * A malformed CIDR entry matches nobody, so a typo locks out rather than in.
 */
public final class SourcePatterns {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SourcePatterns() {
    }

    /** Does {@code address} match the pattern list {@code patterns}? */
    public static boolean matches(String patterns, InetAddress address) {
        String text = address.getHostAddress().toLowerCase(Locale.ROOT);
        boolean positive = false;
        for (String raw : patterns.split(",")) {
            String entry = raw.trim();
            boolean negated = entry.startsWith("!");
            if (negated) {
                entry = entry.substring(1);
            }
            if (entry.isEmpty()) {
                continue;
            }
            boolean hit;
            boolean literal = entry.indexOf('*') < 0 && entry.indexOf('?') < 0 && isAddressLiteral(entry);
            if (entry.indexOf('/') >= 0 || literal) {
                // An address without a prefix length is a block of one address, compared as bytes (so ::1 is 0:0:…:1).
                Boolean cidr = matchesCidr(literal ? entry + (entry.indexOf(':') >= 0 ? "/128" : "/32") : entry, address);
                if (cidr == null) {
                    return false;
                }
                hit = cidr;
            } else {
                hit = wildcardMatches(entry.toLowerCase(Locale.ROOT), text);
            }
            if (hit && negated) {
                return false;
            }
            positive |= hit;
        }
        return positive;
    }

    /** Is {@code patterns} a list of valid CIDR blocks only (the form certificates' source-address takes)? */
    public static boolean isCidrList(String patterns) {
        for (String raw : patterns.split(",")) {
            String entry = raw.trim();
            if (entry.indexOf('/') < 0) {
                entry = entry + (entry.indexOf(':') >= 0 ? "/128" : "/32");
            }
            if (parseCidr(entry) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAddressLiteral(String entry) {
        return IPV4.matcher(entry).matches()
                || entry.indexOf(':') >= 0 && entry.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    }

    /** Null when the entry is not a valid block. */
    private static Boolean matchesCidr(String entry, InetAddress address) {
        Object[] block = parseCidr(entry);
        if (block == null) {
            return null;
        }
        byte[] network = ((InetAddress) block[0]).getAddress();
        int prefix = (Integer) block[1];
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((network[bit / 8] & mask) != (candidate[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {address, prefix} or null; the address must be a literal, never a name to look up. */
    private static Object[] parseCidr(String entry) {
        int slash = entry.indexOf('/');
        String literal = entry.substring(0, slash);
        String length = entry.substring(slash + 1);
        boolean v6 = literal.indexOf(':') >= 0;
        if (!v6 && !IPV4.matcher(literal).matches() || length.isEmpty() || length.length() > 3
                || !length.chars().allMatch(Character::isDigit)) {
            return null;
        }
        if (v6 && !literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        InetAddress network;
        try {
            network = v6 ? InetAddress.getByName(literal) : InetAddress.getByAddress(ipv4(literal));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
        int prefix = Integer.parseInt(length);
        if (prefix > network.getAddress().length * 8) {
            return null;
        }
        // sshd refuses a block with host bits set (10.0.0.1/8), as a likely mistake.
        byte[] bytes = network.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return null;
            }
        }
        return new Object[] {network, prefix};
    }

    /** Four decimal octets, parsed here so that nothing is ever looked up as a name. */
    private static byte[] ipv4(String literal) {
        String[] parts = literal.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                throw new IllegalArgumentException("octet over 255");
            }
            bytes[i] = (byte) octet;
        }
        return bytes;
    }

    /** {@code *} and {@code ?} wildcards, case-sensitive, iterative with one backtrack point. */
    public static boolean wildcardMatches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
