package io.sshnetty.connection.session;

/**
 * A command served in the process style: {@link #run} is called on the server's command executor
 * (virtual threads where the JVM has them), reads stdin and writes stdout and stderr as streams, and
 * returns the exit status. Writes block while the client's window or the socket is full, so a command
 * never buffers more than a bounded amount ahead of the network. Everything written before {@code run}
 * returns reaches the client before EOF and the exit status.
 *
 * <p>When the executor is at its bound the command does not run: the client gets exit status
 * {@link Command#FAILED_EXIT_STATUS} at once.
 */
@FunctionalInterface
public non-sealed interface ProcessCommand extends Command {
    /**
     * Serves the command, on a thread of the command executor; it may block.
     *
     * @return the exit status sent to the client as {@code exit-status} (RFC 4254 §6.10)
     * @throws Exception ends the command; the client sees exit status {@link Command#FAILED_EXIT_STATUS}
     */
    int run(CommandIo io) throws Exception;
}
