package io.sshnetty.sftp.internal.codec;

/** The SSH_FX_* codes of an SSH_FXP_STATUS reply in version 3 (draft-ietf-secsh-filexfer-02 §7). */
public final class StatusCode {
    public static final int OK = 0;
    public static final int EOF = 1;
    public static final int NO_SUCH_FILE = 2;
    public static final int PERMISSION_DENIED = 3;
    public static final int FAILURE = 4;
    public static final int BAD_MESSAGE = 5;
    public static final int NO_CONNECTION = 6;
    public static final int CONNECTION_LOST = 7;
    public static final int OP_UNSUPPORTED = 8;

    private StatusCode() {
    }

    /** The text OpenSSH's sftp-server sends with each code. */
    public static String message(int code) {
        switch (code) {
            case OK: return "Success";
            case EOF: return "End of file";
            case NO_SUCH_FILE: return "No such file";
            case PERMISSION_DENIED: return "Permission denied";
            case FAILURE: return "Failure";
            case BAD_MESSAGE: return "Bad message";
            case NO_CONNECTION: return "No connection";
            case CONNECTION_LOST: return "Connection lost";
            case OP_UNSUPPORTED: return "Operation unsupported";
            default: return "Unknown error";
        }
    }
}
