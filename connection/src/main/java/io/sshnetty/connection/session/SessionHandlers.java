package io.sshnetty.connection.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The handlers a server has registered per session request type — exec, shell, and subsystems by name —
 * each independent of the others, so any combination serves side by side on one connection. A type with
 * no handler is refused with SSH_MSG_CHANNEL_FAILURE and the connection lives on. Immutable; each
 * {@code with…} returns a copy.
 */
public final class SessionHandlers {
    private final ExecHandler exec;
    private final ShellHandler shell;
    private final Map<String, SubsystemHandler> subsystems;
    private final Predicate<String> acceptedEnvironment;
    private final RequestPolicy policy;

    private SessionHandlers(ExecHandler exec, ShellHandler shell, Map<String, SubsystemHandler> subsystems,
            Predicate<String> acceptedEnvironment, RequestPolicy policy) {
        this.exec = exec;
        this.shell = shell;
        this.subsystems = Map.copyOf(subsystems);
        this.acceptedEnvironment = acceptedEnvironment;
        this.policy = policy;
    }

    /** No handlers, no environment variables accepted (sshd's default AcceptEnv), every request allowed. */
    public static SessionHandlers none() {
        return new SessionHandlers(null, null, Map.of(), name -> false, RequestPolicy.allowAll());
    }

    public SessionHandlers withExec(ExecHandler handler) {
        return new SessionHandlers(Objects.requireNonNull(handler), shell, subsystems, acceptedEnvironment, policy);
    }

    public SessionHandlers withShell(ShellHandler handler) {
        return new SessionHandlers(exec, Objects.requireNonNull(handler), subsystems, acceptedEnvironment, policy);
    }

    public SessionHandlers withSubsystem(String name, SubsystemHandler handler) {
        Map<String, SubsystemHandler> more = new LinkedHashMap<>(subsystems);
        more.put(Objects.requireNonNull(name), Objects.requireNonNull(handler));
        return new SessionHandlers(exec, shell, more, acceptedEnvironment, policy);
    }

    /** Which "env" variable names are accepted (sshd's AcceptEnv); the others are refused. */
    public SessionHandlers withAcceptedEnvironment(Predicate<String> accepted) {
        return new SessionHandlers(exec, shell, subsystems, Objects.requireNonNull(accepted), policy);
    }

    /** Which requests may be served at all, decided before any handler is asked. */
    public SessionHandlers withPolicy(RequestPolicy requestPolicy) {
        return new SessionHandlers(exec, shell, subsystems, acceptedEnvironment, Objects.requireNonNull(requestPolicy));
    }

    public RequestPolicy policy() {
        return policy;
    }

    public Optional<ExecHandler> exec() {
        return Optional.ofNullable(exec);
    }

    public Optional<ShellHandler> shell() {
        return Optional.ofNullable(shell);
    }

    public Optional<SubsystemHandler> subsystem(String name) {
        return Optional.ofNullable(subsystems.get(name));
    }

    public boolean acceptsEnvironment(String name) {
        return acceptedEnvironment.test(name);
    }
}
