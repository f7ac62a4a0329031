package io.sshnetty.sftp.internal.codec;

/**
 * A packet that cannot be decoded: a field past the end, a length over its bound, a bad value. The
 * server answers it with SSH_FX_BAD_MESSAGE for {@link #requestId()} (when the id could be read) and
 * goes on serving; a client treats it as a broken server.
 */
public final class SftpDecodeException extends RuntimeException {
    /** {@link #requestId()} when the packet ended before its id. */
    public static final long NO_REQUEST_ID = -1;

    private final long requestId;

    public SftpDecodeException(String message) {
        this(message, NO_REQUEST_ID);
    }

    public SftpDecodeException(String message, long requestId) {
        super(message, null, false, false);
        this.requestId = requestId;
    }

    /** The request id as an unsigned 32-bit value, or {@link #NO_REQUEST_ID}. */
    public long requestId() {
        return requestId;
    }

    /** The same error, now knowing the id of the request it happened in. */
    SftpDecodeException withRequestId(int id) {
        return new SftpDecodeException(getMessage(), Integer.toUnsignedLong(id));
    }
}
