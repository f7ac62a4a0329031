package io.sshnetty.connection.session;

/**
 * A command served in the process style: {@link #run} is called on the server's command executor
 * (virtual threads where the JVM has them), reads stdin and writes stdout and stderr as streams, and
 * returns the exit status. Writes block while the client's window or the socket is full, so a command
 * never buffers more than a packet ahead of the network. Everything written before {@code run} returns
 * reaches the client before EOF and the exit status.
 */
@FunctionalInterface
public interface Command {
    /**
     * Serves the command.
     *
     * @return the exit status sent to the client as {@code exit-status} (RFC 4254 §6.10)
     * @throws Exception ends the command; the client sees exit status {@link #FAILED_EXIT_STATUS}
     */
    int run(CommandIo io) throws Exception;

    /** The exit status reported when {@link #run} throws (sshd reports 255 when it cannot run a command). */
    int FAILED_EXIT_STATUS = 255;
}
