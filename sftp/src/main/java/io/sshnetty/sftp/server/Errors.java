package io.sshnetty.sftp.server;

import io.sshnetty.sftp.internal.codec.SftpDecodeException;
import io.sshnetty.sftp.internal.codec.StatusCode;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * Maps what a file operation threw to the SSH_FX_* code of draft-ietf-secsh-filexfer-02 §7, the way
 * OpenSSH's sftp-server maps errno: ENOENT, ENOTDIR, ELOOP → NO_SUCH_FILE; EACCES, EPERM →
 * PERMISSION_DENIED; EINVAL, ENAMETOOLONG → BAD_MESSAGE; ENOSYS → OP_UNSUPPORTED; anything else → FAILURE.
 */
final class Errors {
    private Errors() {
    }

    /** A refusal by policy (read-only, too many handles, …) carrying its own code. */
    static final class Refused extends Exception {
        final int code;

        Refused(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static int code(Throwable error) {
        if (error instanceof Refused) {
            return ((Refused) error).code;
        }
        if (error instanceof NoSuchFileException || error instanceof NotDirectoryException
                || error instanceof FileSystemLoopException) {
            return StatusCode.NO_SUCH_FILE;
        }
        if (error instanceof AccessDeniedException || error instanceof ReadOnlyFileSystemException
                || error instanceof SecurityException) {
            return StatusCode.PERMISSION_DENIED;
        }
        if (error instanceof FileAlreadyExistsException || error instanceof DirectoryNotEmptyException) {
            return StatusCode.FAILURE;
        }
        if (error instanceof InvalidPathException || error instanceof SftpDecodeException) {
            return StatusCode.BAD_MESSAGE;
        }
        if (error instanceof UnsupportedOperationException) {
            return StatusCode.OP_UNSUPPORTED;
        }
        if (error instanceof FileSystemException && ((FileSystemException) error).getReason() != null) {
            String reason = ((FileSystemException) error).getReason();
            if (reason.contains("Not a directory") || reason.contains("Too many levels of symbolic links")) {
                return StatusCode.NO_SUCH_FILE;
            }
            if (reason.contains("Operation not permitted") || reason.contains("Permission denied")) {
                return StatusCode.PERMISSION_DENIED;
            }
            if (reason.contains("Invalid argument") || reason.contains("File name too long")) {
                return StatusCode.BAD_MESSAGE;
            }
        }
        return StatusCode.FAILURE;
    }

    /** The message sent with the code: a policy's own reason, else OpenSSH's text for the code. */
    static String message(Throwable error, int code) {
        if (error instanceof Refused) {
            return error.getMessage();
        }
        return StatusCode.message(code);
    }
}
