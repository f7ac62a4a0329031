package io.sshnetty.sftp.internal.codec;

/** The SSH_FXF_* bits of an SSH_FXP_OPEN request (draft-ietf-secsh-filexfer-02 §6.3). */
public final class OpenFlags {
    public static final int READ = 0x01;
    public static final int WRITE = 0x02;
    public static final int APPEND = 0x04;
    public static final int CREAT = 0x08;
    public static final int TRUNC = 0x10;
    public static final int EXCL = 0x20;

    private OpenFlags() {
    }
}
