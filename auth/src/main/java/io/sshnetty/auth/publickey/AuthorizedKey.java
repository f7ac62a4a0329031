package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.SshPublicKey;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of an {@code authorized_keys} file with the options and comment of its line.
 *
 * @param options    the line's options in the order written; empty when it has none
 * @param key        the public key
 * @param comment    the text after the key, empty when there is none
 * @param lineNumber the line's number in its file, from 1
 */
public record AuthorizedKey(List<KeyOption> options, SshPublicKey key, String comment, int lineNumber) {
    public AuthorizedKey {
        options = List.copyOf(options);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(comment, "comment");
    }

    /** True when the line has option {@code name} (case-insensitive), with or without a value. */
    public boolean hasOption(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return options.stream().anyMatch(option -> option.name().equals(wanted));
    }

    /**
     * The value of the first option {@code name} (case-insensitive); empty when there is no such option
     * or when it is a flag.
     */
    public Optional<String> option(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return options.stream().filter(option -> option.name().equals(wanted)).findFirst().map(KeyOption::value);
    }

    /**
     * The values of every option {@code name} (case-insensitive), in order, for the options sshd allows
     * more than once ({@code permitopen}, {@code permitlisten}, {@code environment}, …).
     */
    public List<String> options(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return options.stream()
                .filter(option -> option.name().equals(wanted) && option.value() != null)
                .map(KeyOption::value)
                .toList();
    }
}
