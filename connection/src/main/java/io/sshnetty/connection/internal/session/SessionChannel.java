package io.sshnetty.connection.internal.session;

import io.sshnetty.connection.session.ProcessCommand;
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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A "session" channel (RFC 4254 §6): its requests, dispatched per type to the application's handlers,
 * and the command that serves it. Windows, queueing and the CLOSE handshake are {@link SshChannel}'s.
 *
 * <p>Every command is driven as a {@link ChannelCommand} (a {@link ProcessCommand} through its
 * {@link ProcessAdapter}), so each request type has one delivery path: one case in {@link #onRequest} and
 * one callback. The client's data is bounded by our window, which opens only as the command consumes.
 */
public final class SessionChannel extends SshChannel {
    private static final Logger log = LoggerFactory.getLogger(SessionChannel.class);
    /** "env" requests beyond this many are refused by default: a client cannot grow a channel without bound. */
    public static final int MAX_ENVIRONMENT_VARIABLES = EnvironmentOptions.DEFAULT_MAX_VARIABLES;
    /**
     * Signal names outside RFC 4254 §6.10's list (name@domain, RFC 4250 §4.6.1) and the plain name a command
     * sees them under, as it sees the RFC's names without "SIG". Any other name is passed on as sent.
     */
    private static final Map<String, String> SIGNAL_NAMES = Map.of(
            "INFO@openssh.com", "INFO"); // OpenSSH's PROTOCOL: SIGINFO, which BSD's ^T sends

    private final ConnectionConfig config;
    /** What the client's "env" requests set (RFC 4254 §6.4), within {@link EnvironmentOptions}' caps. */
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int environmentBytes;
    /** What the server sets itself (SSH_AUTH_SOCK, SSH_ORIGINAL_COMMAND): above the client's and the key's. */
    private final Map<String, String> serverEnvironment = new LinkedHashMap<>();
    private boolean started;
    private PtyRequest pty;
    private Runnable launch;
    private io.sshnetty.connection.internal.forwarding.Forwarding.AgentSocket agent;
    private String detail = "";
    /** The command serving the channel, from its start: an event-loop command, or a process command's adapter. */
    private ChannelCommand command;
    private ChannelSession commandSession;
    /** The command saw the session unwritable and waits for {@link ChannelCommand#onWritable}. */
    private boolean writableWanted;
    private boolean notifyingWritable;

    public SessionChannel(ChannelHost host, ChannelHandlerContext ctx, ConnectionConfig config, int localId) {
        super(host, ctx, localId, config.windowSize(), config.maxPacketSize());
        this.config = config;
    }

    @Override
    protected void deliver(ByteBuf data, boolean extended) {
        if (extended || command == null) {
            // Extended data from a client has no meaning for a session (RFC 4254 §5.2); nor has data before a command.
            int length = data.readableBytes();
            data.release();
            consumed(length);
        } else {
            command.onData(commandSession, data);
        }
    }

    /** SSH_MSG_CHANNEL_EOF: the command's input ends. */
    @Override
    public void onEof() {
        if (command != null) {
            command.onEof();
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
        if (command != null) {
            command.onClose();
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
            accepted = command != null && command.onWindowChange(
                    new WindowSize(change.columns(), change.rows(), change.widthPixels(), change.heightPixels()));
        } else if (type instanceof ChannelRequest.Signal signal) {
            accepted = command != null && command.onSignal(SIGNAL_NAMES.getOrDefault(signal.signal(), signal.signal()));
        } else if (type instanceof ChannelRequest.Break requested) {
            accepted = command != null && command.onBreak(requested.milliseconds());
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
        return new SessionInfo(host.user(), host.connectionId(), host.remoteAddress(), variables, pty, host.attachment());
    }

    /**
     * Prepares {@code requested} to run once the request is answered; false when there is none to run. A
     * process command runs inside its adapter, so from here on the channel drives one kind of command.
     */
    private boolean start(Command requested, String description) {
        if (requested == null) {
            return false;
        }
        started = true;
        detail = description;
        ChannelCommand callbacks = requested instanceof ChannelCommand eventLoop ? eventLoop
                : new ProcessAdapter((ProcessCommand) requested, config.commandExecutor(), description, localId());
        launch = () -> {
            log.debug("[{}] channel {}: {}", host.connectionId(), localId(), description);
            command = callbacks;
            commandSession = new CommandSession(sessionInfo());
            callbacks.start(commandSession);
        };
        return true;
    }

    /** The queue has emptied: a command that found the session unwritable hears that it is writable again. */
    @Override
    protected void outboundDrained() {
        if (!writableWanted || notifyingWritable) {
            return;
        }
        notifyingWritable = true;
        try {
            // A command writing in onWritable may drain the queue again at once; it is told here, not recursively.
            while (writableWanted && command != null && writable()) {
                writableWanted = false;
                command.onWritable();
            }
        } finally {
            notifyingWritable = false;
        }
    }

    private boolean writable() {
        return acceptsOutput() && queuedBytes() == 0 && ctx.channel().isWritable();
    }

    /** The channel as its command sees it. */
    private final class CommandSession implements ChannelSession {
        private final SessionInfo session;
        private boolean ended;

        CommandSession(SessionInfo session) {
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
        public boolean isWritable() {
            boolean writable = writable();
            if (!writable) {
                writableWanted = true;
            }
            return writable;
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
