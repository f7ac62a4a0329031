package io.sshnetty.demo;

import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.ExecHandler;
import io.sshnetty.server.registry.ConnectionRegistry;
import io.sshnetty.server.registry.ConnectionTable;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's operator commands, for the users named with {@code --admin}: {@code sshnetty connections}
 * prints the registry as a table; {@code sshnetty close ID [REASON]} closes a connection and returns once
 * it is gone. Every other command goes to the wrapped exec handler.
 */
final class AdminCommands implements ExecHandler {
    /** How long {@code sshnetty close} waits for the connection to go. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ExecHandler next;
    private final Set<String> admins;
    private final Supplier<ConnectionRegistry> registry;

    AdminCommands(ExecHandler next, Set<String> admins, Supplier<ConnectionRegistry> registry) {
        this.next = next;
        this.admins = Set.copyOf(admins);
        this.registry = registry;
    }

    @Override
    public Command exec(io.sshnetty.connection.session.ExecRequest request) {
        String[] words = request.command().trim().split("\\s+");
        if (!admins.contains(request.user()) || words.length < 2 || !words[0].equals("sshnetty")) {
            return next.exec(request);
        }
        return Command.process(io -> {
            PrintStream out = new PrintStream(io.stdout(), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(io.stderr(), true, StandardCharsets.UTF_8);
            if (words[1].equals("connections") && words.length == 2) {
                out.print(ConnectionTable.table(registry.get().listNow(Duration.ofSeconds(10))));
                return 0;
            }
            if (words[1].equals("close") && words.length >= 3) {
                String reason = words.length > 3 ? String.join(" ", Arrays.copyOfRange(words, 3, words.length))
                        : "closed by an administrator";
                boolean closed = registry.get().close(words[2], reason).toCompletableFuture()
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!closed) {
                    err.println("no connection " + words[2]);
                    return 1;
                }
                out.println("closed " + words[2]);
                return 0;
            }
            err.println("usage: sshnetty connections | sshnetty close ID [REASON]");
            return 2;
        });
    }
}
