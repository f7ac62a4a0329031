package io.sshnetty.transport.internal.wire;

/** Message numbers, RFC 4250 §4.1 and RFC 8308. */
public final class MessageNumbers {
    public static final int DISCONNECT = 1;
    public static final int IGNORE = 2;
    public static final int UNIMPLEMENTED = 3;
    public static final int DEBUG = 4;
    public static final int SERVICE_REQUEST = 5;
    public static final int SERVICE_ACCEPT = 6;
    public static final int EXT_INFO = 7;
    public static final int KEXINIT = 20;
    public static final int NEWKEYS = 21;
    /** First and last of the numbers that each key exchange method defines for itself. */
    public static final int KEX_METHOD_FIRST = 30;
    public static final int KEX_METHOD_LAST = 49;

    public static final int USERAUTH_REQUEST = 50;
    public static final int USERAUTH_FAILURE = 51;
    public static final int USERAUTH_SUCCESS = 52;
    public static final int USERAUTH_BANNER = 53;
    public static final int USERAUTH_PK_OK = 60;
    public static final int USERAUTH_LAST = 79;

    public static final int GLOBAL_REQUEST = 80;
    public static final int REQUEST_SUCCESS = 81;
    public static final int REQUEST_FAILURE = 82;
    public static final int CHANNEL_OPEN = 90;
    public static final int CHANNEL_OPEN_CONFIRMATION = 91;
    public static final int CHANNEL_OPEN_FAILURE = 92;
    public static final int CHANNEL_WINDOW_ADJUST = 93;
    public static final int CHANNEL_DATA = 94;
    public static final int CHANNEL_EXTENDED_DATA = 95;
    public static final int CHANNEL_EOF = 96;
    public static final int CHANNEL_CLOSE = 97;
    public static final int CHANNEL_REQUEST = 98;
    public static final int CHANNEL_SUCCESS = 99;
    public static final int CHANNEL_FAILURE = 100;
    public static final int CONNECTION_LAST = 127;

    /** OpenSSH's transport-level ping (PROTOCOL, ping@openssh.com), in the local extension range 192–255. */
    public static final int PING = 192;
    public static final int PONG = 193;

    private MessageNumbers() {
    }

    /** Transport layer generic messages and key exchange: 1–49 (RFC 4251 §7). */
    public static boolean isTransport(int number) {
        return number >= 1 && number <= KEX_METHOD_LAST;
    }

    /** Messages allowed while a key exchange is in progress (RFC 4253 §7.1). */
    public static boolean isAllowedDuringKex(int number) {
        return number >= 1 && number <= KEX_METHOD_LAST && number != SERVICE_REQUEST && number != SERVICE_ACCEPT
                && number != EXT_INFO;
    }
}
