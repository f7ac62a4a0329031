package io.sshnetty.transport.keys;

/**
 * A key, key line or key file that cannot be used: an unknown or unsupported key type, a field of the
 * wrong length, trailing bytes, a damaged or passphrase-protected private key file. The message says
 * which.
 */
public final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
