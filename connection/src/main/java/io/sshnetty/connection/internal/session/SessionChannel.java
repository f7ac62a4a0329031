package io.sshnetty.connection.internal.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.sshnetty.connection.internal.ConnectionConfig;
import io.sshnetty.connection.internal.channel.ChannelHost;
import io.sshnetty.connection.internal.channel.SshChannel;
import io.sshnetty.connection.internal.message.ChannelData;
import io.sshnetty.connection.internal.message.ChannelRequest;
import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.EnvironmentOptions;
import io.sshnetty.connection.session.ExecHandler;
import io.sshnetty.connection.session.ExecRequest;
import io.sshnetty.connection.session.PtyRequest;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.SessionRequest;
import io.sshnetty.connection.session.ShellHandler;
import io.sshnetty.connection.session.SubsystemHandler;
import io.sshnetty.connection.session.WindowSize;
import io.sshnetty.transport.SshConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * A "session" channel (RFC 4254 §6): its requests, dispatched per type to the application's handlers,
 * and the command that serves it. Windows, queueing and the CLOSE handshake are {@link SshChannel}'s.
 * The command's stdin is bounded by our window, which opens only as the command reads.
 */
public final class SessionChannel extends SshChannel {
    private static final Logger log = LoggerFactory.getLogger(SessionChannel.class);
    /** "env" requests beyond this many are refused by default: a client cannot grow a channel without bound. */
    public static final int MAX_ENVIRONMENT_VARIABLES = EnvironmentOptions.DEFAULT_MAX_VARIABLES;

    private final ConnectionConfig config;
    /** What the client's "env" requests set (RFC 4254 §6.4), within {@link EnvironmentOptions}' caps. */
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int environmentBytes;
    /** What the server sets itself (SSH_AUTH_SOCK, SSH_ORIGINAL_COMMAND): above the client's and the key's. */
    private final Map<String, String> serverEnvironment = new LinkedHashMap<>();
    private boolean started;
    private ChannelInputStream stdin;
    private CommandChannel io;
    private PtyRequest pty;
    private Runnable launch;
    private io.sshnetty.connection.internal.forwarding.Forwarding.AgentSocket agent;
    private String detail = "";
    private ChannelCommand eventLoopCommand;

    public SessionChannel(ChannelHost host, ChannelHandlerContext ctx, ConnectionConfig config, int localId) {
        super(host, ctx, localId, config.windowSize(), config.maxPacketSize());
        this.config = config;
    }

    @Override
    protected void deliver(ByteBuf data, boolean extended) {
        if (eventLoopCommand != null && !extended) {
            eventLoopCommand.onData(data);
            return;
        }
        if (extended || stdin == null) {
            // Extended data from a client has no meaning for a session (RFC 4254 §5.2); nor has data before a command.
            int length = data.readableBytes();
            data.release();
            consumed(length);
        } else {
            stdin.offer(data);
        }
    }

    /** SSH_MSG_CHANNEL_EOF: the command's stdin ends once it has read what came before. */
    @Override
    public void onEof() {
        if (eventLoopCommand != null) {
            eventLoopCommand.onEof();
        } else if (stdin != null) {
            stdin.endOfInput();
        }
    }

    @Override
    public String type() {
        return "session";
    }

    @Override
    public String detail() {
        return detail;
    }

    @Override
    protected void closed() {
        if (agent != null) {
            agent.close();
        }
        if (eventLoopCommand != null) {
            eventLoopCommand.onClose();
        } else if (stdin != null) {
            stdin.abort();
        }
    }

    /** SSH_MSG_CHANNEL_REQUEST: each request type we serve, decoded; any other is refused. */
    @Override
    public void onRequest(ChannelRequest request) {
        ChannelRequest.Type type = request.type();
        boolean accepted;
        if (type instanceof ChannelRequest.PtyReq requested) {
            // authorized_keys no-pty (or a certificate without permit-pty) refuses terminals, as in sshd.
            accepted = !started && pty == null && host.restrictions().permitPty() && allowed("pty-req", requested.term());
            if (accepted) {
                pty = new PtyRequest(requested.term(), requested.columns(), requested.rows(), requested.widthPixels(),
                        requested.heightPixels(), requested.modes());
            }
        } else if (type instanceof ChannelRequest.Env env) {
            accepted = environment(env.variable(), env.value());
        } else if (type instanceof ChannelRequest.Exec exec) {
            accepted = exec(exec.command());
        } else if (type instanceof ChannelRequest.Shell) {
            accepted = shell();
        } else if (type instanceof ChannelRequest.Subsystem subsystem) {
            accepted = subsystem(subsystem.subsystem());
        } else if (type instanceof ChannelRequest.WindowChange change) {
            WindowSize size = new WindowSize(change.columns(), change.rows(), change.widthPixels(), change.heightPixels());
            if (eventLoopCommand != null) {
                eventLoopCommand.onWindowChange(size);
                accepted = true;
            } else {
                accepted = io != null && io.windowChange(size);
            }
        } else if (type instanceof ChannelRequest.Signal signal) {
            if (eventLoopCommand != null) {
                eventLoopCommand.onSignal(signal.signal());
                accepted = true;
            } else {
                accepted = io != null && io.signal(signal.signal());
            }
        } else if (type instanceof ChannelRequest.Break requested) {
            accepted = io != null && io.breakRequested(requested.milliseconds());
        } else if (type instanceof ChannelRequest.AgentForwarding) {
            accepted = !started && agent == null && (agent = host.forwarding().agentSocket()) != null;
            if (accepted) {
                serverEnvironment.put("SSH_AUTH_SOCK", agent.path().toString());
            }
        } else if (type instanceof ChannelRequest.EndOfWrite) {
            // OpenSSH PROTOCOL §2.1: the client will write no more of our output; stop sending it.
            stopOutput();
            accepted = true;
        } else {
            // x11-req (we do not forward X11), exit-status and exit-signal (a client's are meaningless), unknown types.
            accepted = false;
        }
        if (!accepted) {
            // RFC 4254 §5.4: a request we do not serve is refused; the channel and connection live on.
            log.debug("[{}] channel {}: refusing request {}", host.connectionId(), localId(), request.requestType());
        }
        reply(request, accepted);
        if (accepted && launch != null) {
            // Only after the reply: the command's first bytes must not overtake CHANNEL_SUCCESS.
            Runnable starting = launch;
            launch = null;
            starting.run();
        }
    }

    private boolean exec(String commandLine) {
        if (forcedCommand() != null) {
            return !started && runForcedCommand(commandLine);
        }
        ExecHandler handler = config.handlers().exec().orElse(null);
        return handler != null && !started && allowed("exec", commandLine)
                && start(handler.exec(new ExecRequest(commandLine, sessionInfo())), "exec " + commandLine);
    }

    private boolean shell() {
        if (forcedCommand() != null) {
            return !started && runForcedCommand(null);
        }
        ShellHandler handler = config.handlers().shell().orElse(null);
        return handler != null && !started && allowed("shell", null) && start(handler.shell(sessionInfo()), "shell");
    }

    private boolean subsystem(String name) {
        if (forcedCommand() != null) {
            return !started && runForcedCommand(name);
        }
        SubsystemHandler handler = config.handlers().subsystem(name).orElse(null);
        return handler != null && !started && allowed("subsystem", name)
                && start(handler.subsystem(sessionInfo()), "subsystem " + name);
    }

    /** RFC 4254 §6.4: kept for the handler when the server's policy accepts the name and the caps allow. */
    private boolean environment(String name, String value) {
        EnvironmentOptions limits = config.handlers().environmentOptions();
        int bytes = ByteBufUtil.utf8Bytes(name) + ByteBufUtil.utf8Bytes(value);
        String previous = environment.get(name);
        int replaced = previous == null ? 0 : ByteBufUtil.utf8Bytes(name) + ByteBufUtil.utf8Bytes(previous);
        if (started || (previous == null && environment.size() >= limits.maxVariables())
                || environmentBytes - replaced + bytes > limits.maxBytes() || !config.handlers().acceptsEnvironment(name)) {
            return false;
        }
        environment.put(name, value);
        environmentBytes += bytes - replaced;
        return true;
    }

    private String forcedCommand() {
        return host.restrictions().forcedCommand();
    }

    /**
     * authorized_keys {@code command=} or a certificate's force-command: whatever the client asked for (exec,
     * shell or subsystem) runs the forced command through the exec handler instead, with what was asked in
     * SSH_ORIGINAL_COMMAND, as sshd does.
     */
    private boolean runForcedCommand(String original) {
        ExecHandler handler = config.handlers().exec().orElse(null);
        if (handler == null) {
            return false;
        }
        if (original != null) {
            serverEnvironment.put("SSH_ORIGINAL_COMMAND", original);
        }
        String forced = forcedCommand();
        log.debug("[{}] channel {}: forced command replaces {}", host.connectionId(), localId(),
                original == null ? "the shell" : original);
        return allowed("exec", forced) && start(handler.exec(new ExecRequest(forced, sessionInfo())), "exec " + forced);
    }

    /** Hands work from a command's thread to the event loop; once the loop has stopped there is nothing to do. */
    private void onEventLoop(Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException stopped) {
            log.debug("[{}] channel {}: event loop stopped", host.connectionId(), localId());
        }
    }

    private boolean allowed(String type, String detail) {
        return config.handlers().policy().allows(new SessionRequest(type, detail, sessionInfo()));
    }

    /**
     * The session as handlers see it. Its environment, in sshd's order of precedence: the client's "env"
     * requests, then authorized_keys {@code environment=} entries when PermitUserEnvironment is on (the
     * key's entries win), then the variables the server sets itself.
     */
    private SessionInfo sessionInfo() {
        Map<String, String> variables = new LinkedHashMap<>(environment);
        if (config.handlers().environmentOptions().permitUserEnvironment()) {
            for (String entry : host.restrictions().environment()) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    variables.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        }
        variables.putAll(serverEnvironment);
        return new SessionInfo(host.user(), host.connectionId(), host.remoteAddress(), variables, pty);
    }

    /** Prepares {@code command} to run once the request is answered; false when there is none to run. */
    private boolean start(Command command, String description) {
        if (command == null) {
            return false;
        }
        started = true;
        detail = description;
        if (command instanceof ChannelCommand) {
            ChannelCommand callbacks = (ChannelCommand) command;
            launch = () -> {
                log.debug("[{}] channel {}: {} (event loop)", host.connectionId(), localId(), description);
                eventLoopCommand = callbacks;
                callbacks.start(new EventLoopSession(sessionInfo()));
            };
            return true;
        }
        stdin = new ChannelInputStream(bytes -> onEventLoop(() -> consumed(bytes)));
        io = new CommandChannel(stdin, new ChannelOutputStream(this, ChannelData.NOT_EXTENDED, ctx.alloc()),
                new ChannelOutputStream(this, ChannelData.EXTENDED_STDERR, ctx.alloc()), sessionInfo());
        CommandChannel channelIo = io;
        launch = () -> {
            log.debug("[{}] channel {}: {}", host.connectionId(), localId(), description);
            try {
                config.commandExecutor().execute(() -> runCommand(command, channelIo, description));
            } catch (RejectedExecutionException e) {
                // The executor is full (or stopping): the client sees the command fail, at once.
                log.debug("[{}] channel {}: no capacity for {}", host.connectionId(), localId(), description);
                finish(ChannelRequest.exitStatus(remoteId(), Command.FAILED_EXIT_STATUS));
            }
        };
        return true;
    }

    private void runCommand(Command command, CommandChannel io, String description) {
        // The command's own log lines carry its connection and user too (MDC keys as the server sets them).
        MDC.put(SshConnection.MDC_CONNECTION, host.connectionId());
        MDC.put(SshConnection.MDC_USER, host.user());
        try {
            runCommandWithContext(command, io, description);
        } finally {
            MDC.remove(SshConnection.MDC_CONNECTION);
            MDC.remove(SshConnection.MDC_USER);
        }
    }

    private void runCommandWithContext(Command command, CommandChannel io, String description) {
        int status;
        try {
            status = command.run(io);
            io.stdout().flush();
            io.stderr().flush();
        } catch (Exception e) {
            if (e instanceof IOException && isClosing()) {
                log.debug("[{}] channel {}: command ended as the channel closed: {}", host.connectionId(), localId(), e.toString());
            } else {
                log.warn("[{}] channel {}: {} failed", host.connectionId(), localId(), description, e);
            }
            status = Command.FAILED_EXIT_STATUS;
        } catch (Error e) {
            log.error("[{}] channel {}: {} failed", host.connectionId(), localId(), description, e);
            status = Command.FAILED_EXIT_STATUS;
        }
        int exitStatus = status;
        CommandChannel.ExitSignal signal = io.exitSignalReported();
        onEventLoop(() -> {
            if (!isClosing()) {
                finish(signal == null
                        ? ChannelRequest.exitStatus(remoteId(), exitStatus)
                        : ChannelRequest.exitSignal(remoteId(), signal.signal(), signal.coreDumped(), signal.message()));
            }
        });
    }

    /** The channel as an event-loop command sees it. */
    private final class EventLoopSession implements ChannelSession {
        private final SessionInfo session;
        private boolean ended;

        EventLoopSession(SessionInfo session) {
            this.session = session;
        }

        @Override
        public SessionInfo session() {
            return session;
        }

        @Override
        public EventExecutor executor() {
            return ctx.executor();
        }

        @Override
        public ByteBufAllocator alloc() {
            return ctx.alloc();
        }

        @Override
        public Future<Void> write(ByteBuf data) {
            return SessionChannel.this.write(data, ChannelData.NOT_EXTENDED);
        }

        @Override
        public Future<Void> writeStderr(ByteBuf data) {
            return SessionChannel.this.write(data, ChannelData.EXTENDED_STDERR);
        }

        @Override
        public void consumed(int bytes) {
            SessionChannel.this.consumed(bytes);
        }

        @Override
        public void exit(int status) {
            end(ChannelRequest.exitStatus(remoteId(), status));
        }

        @Override
        public void exitSignal(String signal, boolean coreDumped, String message) {
            end(ChannelRequest.exitSignal(remoteId(), signal, coreDumped, message == null ? "" : message));
        }

        private void end(ChannelRequest exit) {
            if (!ended && !isClosing()) {
                ended = true;
                finish(exit);
            }
        }
    }
}
