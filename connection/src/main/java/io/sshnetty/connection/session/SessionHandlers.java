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
    private final EnvironmentOptions environment;

    private SessionHandlers(ExecHandler exec, ShellHandler shell, Map<String, SubsystemHandler> subsystems,
            Predicate<String> acceptedEnvironment, RequestPolicy policy) {
        this(exec, shell, subsystems, acceptedEnvironment, policy, EnvironmentOptions.DEFAULT);
    }

    private SessionHandlers(ExecHandler exec, ShellHandler shell, Map<String, SubsystemHandler> subsystems,
            Predicate<String> acceptedEnvironment, RequestPolicy policy, EnvironmentOptions environment) {
        this.exec = exec;
        this.shell = shell;
        this.subsystems = Map.copyOf(subsystems);
        this.acceptedEnvironment = acceptedEnvironment;
        this.policy = policy;
        this.environment = environment;
    }

    /**
     * No handlers, no environment variables accepted (sshd's default AcceptEnv), no authorized_keys
     * {@code environment=} (sshd's default PermitUserEnvironment), every request allowed.
     */
    public static SessionHandlers none() {
        return new SessionHandlers(null, null, Map.of(), name -> false, RequestPolicy.allowAll());
    }

    public SessionHandlers withExec(ExecHandler handler) {
        return new SessionHandlers(Objects.requireNonNull(handler), shell, subsystems, acceptedEnvironment, policy, environment);
    }

    public SessionHandlers withShell(ShellHandler handler) {
        return new SessionHandlers(exec, Objects.requireNonNull(handler), subsystems, acceptedEnvironment, policy, environment);
    }

    public SessionHandlers withSubsystem(String name, SubsystemHandler handler) {
        Map<String, SubsystemHandler> more = new LinkedHashMap<>(subsystems);
        more.put(Objects.requireNonNull(name), Objects.requireNonNull(handler));
        return new SessionHandlers(exec, shell, more, acceptedEnvironment, policy, environment);
    }

    /** Which "env" variable names are accepted (sshd's AcceptEnv); the others are refused. */
    public SessionHandlers withAcceptedEnvironment(Predicate<String> accepted) {
        return new SessionHandlers(exec, shell, subsystems, Objects.requireNonNull(accepted), policy, environment);
    }

    /** Which requests may be served at all, decided before any handler is asked. */
    public SessionHandlers withPolicy(RequestPolicy requestPolicy) {
        return new SessionHandlers(exec, shell, subsystems, acceptedEnvironment, Objects.requireNonNull(requestPolicy), environment);
    }

    /** Whether authorized_keys {@code environment=} applies, and how much environment a channel may carry. */
    public SessionHandlers withEnvironmentOptions(EnvironmentOptions options) {
        return new SessionHandlers(exec, shell, subsystems, acceptedEnvironment, policy, Objects.requireNonNull(options));
    }

    public EnvironmentOptions environmentOptions() {
        return environment;
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
