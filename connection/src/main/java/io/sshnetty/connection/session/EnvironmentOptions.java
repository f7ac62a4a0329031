package io.sshnetty.connection.session;

/**
 * The environment a session's command gets besides the server's own variables.
 *
 * @param permitUserEnvironment whether authorized_keys {@code environment="NAME=value"} entries apply
 *                              (sshd's PermitUserEnvironment); they then take precedence over the client's
 *                              "env" requests, as in sshd. Off by default: whoever can write an
 *                              authorized_keys file could otherwise set LD_PRELOAD or BASH_ENV for
 *                              commands the application meant to restrict.
 * @param maxVariables          "env" requests accepted per channel; more are refused
 * @param maxBytes              bytes of names and values (UTF-8) accepted per channel; a request that would
 *                              pass this is refused
 */
public record EnvironmentOptions(boolean permitUserEnvironment, int maxVariables, int maxBytes) {
    /**
     * Variables per channel. sshd refuses "env" beyond a fixed count as well; 64 is far more than any
     * client sends (OpenSSH sends LANG and LC_* by default).
     */
    public static final int DEFAULT_MAX_VARIABLES = 64;
    /** Bytes per channel: without it, accepted names could carry 256 KiB values each. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    /** No user environment; the default caps. */
    public static final EnvironmentOptions DEFAULT = new EnvironmentOptions(false, DEFAULT_MAX_VARIABLES, DEFAULT_MAX_BYTES);

    public EnvironmentOptions {
        if (maxVariables < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("negative environment limits");
        }
    }
}
