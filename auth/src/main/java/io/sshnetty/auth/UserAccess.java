package io.sshnetty.auth;

import io.sshnetty.auth.publickey.SourcePatterns;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Which user names may log in, as sshd's {@code AllowUsers} and {@code DenyUsers} (sshd_config(5)). Each
 * pattern is {@code USER} or {@code USER@HOST}: the user part is a wildcard pattern ({@code *}, {@code ?})
 * matched against the user name, the host part a pattern list as authorized_keys' {@code from=} takes it
 * (wildcards over the client's address, CIDR blocks; host names are never looked up, as sshd's default
 * {@code UseDNS no}). A user matching a deny pattern is refused; otherwise, when there are allow patterns,
 * only a user matching one of them is let in. A refused user fails every method exactly as an unknown
 * user does: the same answers, after the same delay.
 *
 * @param allow patterns of sshd's AllowUsers; empty for everyone
 * @param deny  patterns of sshd's DenyUsers
 */
public record UserAccess(List<String> allow, List<String> deny) {
    /** Everyone may try. */
    public static final UserAccess ALL = new UserAccess(List.of(), List.of());

    public UserAccess {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        for (String pattern : allow) {
            check(pattern);
        }
        for (String pattern : deny) {
            check(pattern);
        }
    }

    /** Only users matching one of {@code patterns} (sshd's AllowUsers). */
    public static UserAccess allowOnly(String... patterns) {
        return ALL.allowing(patterns);
    }

    /** This list, also allowing {@code patterns}. */
    public UserAccess allowing(String... patterns) {
        List<String> more = new java.util.ArrayList<>(allow);
        more.addAll(List.of(patterns));
        return new UserAccess(more, deny);
    }

    /** This list, also refusing users matching {@code patterns} (sshd's DenyUsers). */
    public UserAccess denying(String... patterns) {
        List<String> more = new java.util.ArrayList<>(deny);
        more.addAll(List.of(patterns));
        return new UserAccess(allow, more);
    }

    /**
     * May {@code user} log in from {@code client} (null when the client's address is not an IP address)?
     * Null when so, else the reason in sshd's words ("not listed in AllowUsers", "listed in DenyUsers").
     */
    public String refusal(String user, InetAddress client) {
        for (String pattern : deny) {
            if (matches(pattern, user, client)) {
                return "listed in DenyUsers";
            }
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(pattern -> matches(pattern, user, client))) {
            return "not listed in AllowUsers";
        }
        return null;
    }

    private static boolean matches(String pattern, String user, InetAddress client) {
        int at = pattern.lastIndexOf('@');
        if (at < 0) {
            return SourcePatterns.wildcardMatches(pattern, user);
        }
        return SourcePatterns.wildcardMatches(pattern.substring(0, at), user)
                && client != null && SourcePatterns.matches(pattern.substring(at + 1), client);
    }

    private static void check(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty() || pattern.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("bad user pattern \"" + pattern + "\"");
        }
        if (pattern.startsWith("@") || pattern.endsWith("@")) {
            throw new IllegalArgumentException("user pattern \"" + pattern + "\" lacks its user or host part");
        }
    }
}
