package io.sshnetty.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which methods, in which order, authenticate a user: sshd's AuthenticationMethods (sshd_config(5)).
 * Each chain is a list of methods that must all succeed, in order; any one complete chain authenticates.
 * {@code "publickey,password publickey,keyboard-interactive"} asks for a key and then either a password
 * or a keyboard-interactive conversation. After each success only the methods that come next in a chain
 * still possible are offered, and the client is told of its partial success (RFC 4252 §5.1).
 */
public final class AuthenticationPolicy {
    private final List<List<String>> chains;

    private AuthenticationPolicy(List<List<String>> chains) {
        if (chains.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one chain of methods");
        }
        List<List<String>> copies = new ArrayList<>();
        for (List<String> chain : chains) {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("empty chain of methods");
            }
            copies.add(List.copyOf(chain));
        }
        this.chains = List.copyOf(copies);
    }

    /** Any one of {@code methods} alone authenticates (sshd's default, {@code AuthenticationMethods any}). */
    public static AuthenticationPolicy anyOf(Collection<String> methods) {
        List<List<String>> chains = new ArrayList<>();
        for (String method : methods) {
            chains.add(List.of(method));
        }
        return new AuthenticationPolicy(chains);
    }

    /** The chains as given, each a list of method names. */
    public static AuthenticationPolicy of(List<List<String>> chains) {
        return new AuthenticationPolicy(chains);
    }

    /**
     * Parses sshd's syntax: chains separated by blanks, methods within a chain by commas. sshd's
     * {@code method:submethod} form is not supported.
     *
     * @throws IllegalArgumentException for an empty list, an empty method name, or {@code any}
     */
    public static AuthenticationPolicy parse(String text) {
        List<List<String>> chains = new ArrayList<>();
        for (String chainText : text.trim().split("[ \t]+")) {
            if (chainText.isEmpty()) {
                continue;
            }
            List<String> chain = new ArrayList<>();
            for (String method : chainText.split(",", -1)) {
                if (method.isEmpty() || method.equals("any") || method.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("bad method \"" + method + "\" in authentication methods " + text);
                }
                chain.add(method);
            }
            chains.add(chain);
        }
        return new AuthenticationPolicy(chains);
    }

    /** The chains, each a list of method names. */
    public List<List<String>> chains() {
        return chains;
    }

    /** Every method some chain names. */
    public Set<String> methods() {
        Set<String> names = new LinkedHashSet<>();
        chains.forEach(names::addAll);
        return names;
    }

    /** The methods that can continue after {@code completed} succeeded in that order; empty when none. */
    public List<String> next(List<String> completed) {
        Set<String> names = new LinkedHashSet<>();
        for (List<String> chain : chains) {
            if (chain.size() > completed.size() && chain.subList(0, completed.size()).equals(completed)) {
                names.add(chain.get(completed.size()));
            }
        }
        return List.copyOf(names);
    }

    /** True when {@code completed} is a whole chain. */
    public boolean isSatisfiedBy(List<String> completed) {
        return chains.contains(completed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthenticationPolicy that && chains.equals(that.chains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chains);
    }

    /** In sshd's syntax. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (List<String> chain : chains) {
            parts.add(String.join(",", chain));
        }
        return String.join(" ", parts);
    }
}
