package io.sshnetty.bench;

/**
 * The in-process commands both Java servers serve, and what OpenSSH's sshd runs instead: {@code true};
 * {@code sink}, which reads stdin to EOF; {@code source N}, which writes N zero bytes.
 */
public final class BenchCommands {
    /** Bytes a source writes at a time. */
    public static final int CHUNK = 32 * 1024;

    private BenchCommands() {
    }

    /** The byte count of a {@code source N} command line, or -1 if it is not one. */
    public static long sourceLength(String command) {
        if (!command.startsWith("source ")) {
            return -1;
        }
        try {
            long length = Long.parseLong(command.substring(7).trim());
            return length >= 0 ? length : -1;
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /** The command line that does the same through a shell, for OpenSSH's sshd. */
    public static String forShell(String command) {
        long length = sourceLength(command);
        if (length >= 0) {
            return "head -c " + length + " /dev/zero";
        }
        if (command.equals("sink")) {
            return "cat > /dev/null";
        }
        return command;
    }
}
