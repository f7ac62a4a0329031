package io.sshnetty.auth.publickey;

import java.util.Locale;

/**
 * One option of an {@code authorized_keys} line (sshd(8), AUTHORIZED_KEYS FILE FORMAT): a flag such
 * as {@code no-pty}, or a name with a quoted value such as {@code command="…"}.
 *
 * @param name  the option name, lower-cased: sshd matches option names case-insensitively
 * @param value the unquoted value, {@code \"} turned into {@code "}; null for a flag option
 */
public record KeyOption(String name, String value) {
    public KeyOption {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an option needs a name");
        }
        name = name.toLowerCase(Locale.ROOT);
    }

    /** True for an option without a value, such as {@code restrict} or {@code no-pty}. */
    public boolean isFlag() {
        return value == null;
    }
}
