package io.sshnetty.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.auth.internal.AuthConfig;
import io.sshnetty.auth.FailureDelay;
import io.sshnetty.auth.UserAccess;
import io.sshnetty.auth.AuthenticationPolicy;
import io.sshnetty.auth.internal.UserAuthHandler;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.password.PasswordAuthenticator;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.netty.resolver.AddressResolverGroup;
import io.sshnetty.connection.internal.BoundedExecutor;
import io.sshnetty.connection.internal.ConnectionConfig;
import io.sshnetty.connection.internal.ConnectionHandler;
import io.sshnetty.connection.forwarding.DnsSettings;
import io.sshnetty.connection.internal.forwarding.ForwardingOptions;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.forwarding.GatewayPorts;
import io.sshnetty.connection.session.EnvironmentOptions;
import io.sshnetty.connection.session.ExecHandler;
import io.sshnetty.connection.session.RequestPolicy;
import io.sshnetty.connection.session.SessionHandlers;
import io.sshnetty.connection.session.ShellHandler;
import io.sshnetty.connection.session.SubsystemHandler;
import io.sshnetty.server.StartupSlots.Slot;
import io.sshnetty.server.registry.AdmissionMetrics;
import io.sshnetty.server.registry.ConnectionListener;
import io.sshnetty.server.registry.ConnectionRegistry;
import io.sshnetty.server.internal.RegistryMBean;
import io.sshnetty.sftp.server.SftpSettings;
import io.sshnetty.sftp.server.SftpSubsystem;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.internal.BackPressureHandler;
import io.sshnetty.transport.internal.IdentificationHandler;
import io.sshnetty.transport.internal.ProtocolErrorHandler;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.TransportHandler;
import io.sshnetty.transport.internal.TransportLimits;
import io.sshnetty.transport.internal.kex.KexWorkers;
import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.internal.packet.PacketCodec;
import io.sshnetty.transport.packet.PacketListener;
import io.sshnetty.server.internal.CommandExecutors;
import io.sshnetty.server.internal.RegistryAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An SSH server: its settings, its event loops, and the sockets it listens on. Each accepted connection
 * gets the pipeline of the architecture:
 * identification → packets → transport → user-auth (then connection) → errors.
 *
 * <pre>{@code
 * SshServer server = SshServer.builder()
 *         .hostKey(hostKey)
 *         .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(path, "alice"))
 *         .exec(request -> Command.process(io -> { io.stdout().write("hi\n".getBytes()); return 0; }))
 *         .build();
 * InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 2222));
 * }</pre>
 */
public final class SshServer implements AutoCloseable {
    /** The version in our identification line, {@code SSH-2.0-sshnetty_<version>}. */
    public static final String VERSION = "0.1.0";

    /** How long {@link #close()} waits for clients to take their DISCONNECT and go. */
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(SshServer.class);
    /** Flushes merged into one socket write while a read is in progress (Netty's default). */
    private static final int FLUSHES_PER_WRITE = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;
    /** Read buffer sizes: Netty's adaptive defaults (64 B, 2 KiB, 64 KiB). */
    private static final int READ_MIN = 64;
    private static final int READ_INITIAL = 2048;
    private static final int READ_MAX = 64 * 1024;
    /** Reads per connection per event-loop turn; Netty's default is 16. */
    private static final int READS_PER_TURN = 1;

    private final TransportConfig transport;
    private final AuthConfig auth;
    private final ConnectionConfig connection;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelType;
    private final BoundedExecutor commandExecutor;
    private final AddressResolverGroup<InetSocketAddress> forwardingResolver;
    private final Path agentDirectory;
    private final List<Channel> listeners = new ArrayList<>();
    private final ConnectionRegistry registry = RegistryAccess.newRegistry();
    private final Admission admission;
    private final List<Cidr> trustedProxies;
    private final IoTransport io;
    private final SocketOptions socketOptions;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean terminatedCleanly;
    private final Duration idleTimeout;
    private final Duration keepaliveInterval;
    private final int keepaliveCountMax;
    private final RegistryMBean mbean;
    private volatile boolean shuttingDown;

    private SshServer(Builder builder) {
        this.transport = new TransportConfig("SSH-2.0-sshnetty_" + VERSION, builder.hostKeys, builder.algorithms,
                builder.maxPacketLength, builder.packetListener, builder.rekeyAfterBytes, builder.rekeyAfterTime,
                builder.transportLimits, new KexWorkers(builder.kexThreads, builder.kexQueue, builder.kexPerSource));
        this.auth = builder.auth.build();
        this.commandExecutor = CommandExecutors.create(builder.maxCommandThreads, builder.commandQueueCapacity);
        this.io = builder.ioTransport.resolve();
        this.socketOptions = builder.socketOptions;
        this.forwardingResolver = builder.dns.newResolverGroup(io.sockets().datagramSocket());
        this.agentDirectory = io.sockets().hasDomainSockets() ? AgentDirectory.create() : null;
        ForwardingOptions forwardingOptions = new ForwardingOptions(builder.gatewayPorts, builder.maxForwardingListeners,
                builder.maxConcurrentLookups, builder.lookupTimeout, builder.maxTunnelBacklog, forwardingResolver, agentDirectory);
        SessionHandlers handlers = builder.sftp == null ? builder.handlers
                : builder.handlers.withSubsystem("sftp", SftpSubsystem.of(builder.sftp, commandExecutor));
        this.connection = new ConnectionConfig(handlers.withEnvironmentOptions(builder.environment), commandExecutor,
                builder.maxSessions, builder.channelWindowSize, builder.channelMaxPacketSize,
                builder.forwarding, io.sockets(), forwardingOptions);
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, io.ioHandlerFactory());
        this.workerGroup = new MultiThreadIoEventLoopGroup(builder.eventLoopThreads, io.ioHandlerFactory());
        this.channelType = io.serverChannel();
        log.debug("I/O transport {}", io);
        List<Cidr> exempt = new ArrayList<>(builder.penalties.exempt());
        exempt.addAll(builder.trustedProxies);
        this.admission = new Admission(builder.admission, builder.penalties.withExempt(exempt), builder.refuseConnection,
                registry.admission());
        this.trustedProxies = List.copyOf(builder.trustedProxies);
        this.idleTimeout = builder.idleTimeout;
        this.keepaliveInterval = builder.keepaliveInterval;
        this.keepaliveCountMax = builder.keepaliveCountMax;
        builder.connectionListeners.forEach(registry::addListener);
        this.mbean = builder.jmxName == null ? null : RegistryMBean.register(registry, builder.jmxName);
    }

    /** Every live connection: list, find, close by id, await. */
    public ConnectionRegistry registry() {
        return registry;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The I/O transport the event loops use: what {@link Builder#ioTransport} chose, AUTO resolved. */
    public IoTransport ioTransport() {
        return io;
    }

    /** The socket settings of the listener and of every connection. */
    public SocketOptions socketOptions() {
        return socketOptions;
    }

    /**
     * Blocks until {@link #shutdown} (or {@link #close}) has finished, from whichever thread called it: what a
     * {@code main} that serves until the process is told to stop calls last. Returns whether every connection
     * closed within the shutdown's deadline.
     *
     * @throws IllegalStateException on one of the server's event loops, which the shutdown needs to finish
     */
    public boolean awaitTermination() throws InterruptedException {
        refuseOnEventLoop();
        terminated.await();
        return terminatedCleanly;
    }

    /**
     * As {@link #awaitTermination()}, for at most {@code timeout}; returns false if the server is still running then.
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        refuseOnEventLoop();
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && terminatedCleanly;
    }

    private void refuseOnEventLoop() {
        for (EventLoopGroup group : List.of(bossGroup, workerGroup)) {
            for (EventExecutor loop : group) {
                if (loop.inEventLoop()) {
                    throw new IllegalStateException("awaitTermination on an event loop would never return");
                }
            }
        }
    }

    /** Listens on {@code address} (port 0 for an ephemeral port) and returns the address bound. */
    public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap();
        if (socketOptions.receiveBufferSize() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, socketOptions.receiveBufferSize()); // accepted sockets inherit it
        }
        if (socketOptions.sendBufferSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, socketOptions.sendBufferSize());
        }
        Channel listener = bootstrap
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, socketOptions.backlog())
                .childOption(ChannelOption.TCP_NODELAY, socketOptions.tcpNoDelay())
                .childOption(ChannelOption.SO_KEEPALIVE, socketOptions.keepAlive())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        socketOptions.writeLowWaterMark(), socketOptions.writeHighWaterMark()))
                // One read of at most 64 KiB per connection per turn of the event loop: a connection that sends
                // a flood of small messages gets its turn like everyone else, and no longer.
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(READ_MIN, READ_INITIAL,
                        READ_MAX).maxMessagesPerRead(READS_PER_TURN))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        initConnection(channel);
                    }
                })
                .bind(address).sync().channel();
        synchronized (listeners) {
            listeners.add(listener);
        }
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        log.info("listening on {}", bound);
        return bound;
    }

    private void initConnection(Channel channel) {
        ConnectionState connection = ConnectionState.attach(channel);
        InetSocketAddress peer = channel.remoteAddress() instanceof InetSocketAddress
                ? (InetSocketAddress) channel.remoteAddress() : null;
        if (shuttingDown) {
            admission.dropped(AdmissionMetrics.Drop.SHUTTING_DOWN, peer, "shutting down");
            channel.close();
            return;
        }
        boolean viaProxy = peer != null && trustedProxies.stream().anyMatch(proxy -> proxy.contains(peer.getAddress()));
        Slot slot = admission.admit(channel, peer, !viaProxy);
        if (slot == null) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("back-pressure", new BackPressureHandler(transport.limits().maxPendingOutputBytes()));
        // Replies to a burst of small messages leave in one socket write per read, not one per message:
        // a peer's flood would otherwise cost the event loop a system call per 16-byte packet.
        pipeline.addLast("flush-consolidation", new FlushConsolidationHandler(FLUSHES_PER_WRITE, true));
        pipeline.addLast("mdc", MdcHandler.INSTANCE);
        if (viaProxy) {
            pipeline.addLast("proxy-decoder", new HAProxyMessageDecoder());
            pipeline.addLast("proxy", new ProxyProtocolHandler(admission, slot));
        } else if (!trustedProxies.isEmpty()) {
            pipeline.addLast("proxy-guard", new UntrustedProxyGuard(admission));
        }
        if (!idleTimeout.isZero() || !keepaliveInterval.isZero()) {
            pipeline.addLast("idle", new IdleStateHandler(keepaliveInterval.toMillis(), 0, idleTimeout.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        PacketCodec codec = new PacketCodec(transport.maxPacketLength(), transport.packetListener());
        pipeline.addLast("identification", new IdentificationHandler(transport.identification()))
                .addLast("packets", codec)
                .addLast("transport", new TransportHandler(transport, codec))
                .addLast("userauth", new UserAuthHandler(auth, () -> new ConnectionHandler(this.connection)))
                .addLast("timeouts", new TimeoutHandler(keepaliveCountMax))
                .addLast("errors", new ProtocolErrorHandler());
        RegistryAccess.register(registry, channel);
        AdmissionHandler progress = new AdmissionHandler(admission, slot, auth.loginGraceTime());
        pipeline.addBefore("errors", "admission", progress);
        pipeline.addAfter("packets", "first-packet", progress.firstPacketWatch());
        log.debug("[{}] accepted from {}", connection, channel.remoteAddress());
    }

    /**
     * Graceful shutdown: stops accepting, disconnects every client with {@code reason}, waits for them to
     * go at most {@code deadline} (then closes what is left), and releases the event loops and the command
     * executor. Returns whether every connection closed within the deadline.
     */
    public boolean shutdown(String reason, Duration deadline) {
        shuttingDown = true;
        synchronized (listeners) {
            for (Channel listener : listeners) {
                listener.close().syncUninterruptibly();
            }
            listeners.clear();
        }
        registry.closeAll(reason);
        boolean clean;
        try {
            clean = registry.awaitAllClosed(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        forwardingResolver.close(); // its UDP sockets live on the event loops: close them while those still run
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        commandExecutor.shutdownNow();
        AgentDirectory.delete(agentDirectory);
        transport.kexWorkers().close();
        if (mbean != null) {
            mbean.unregister();
        }
        log.info("stopped{}", clean ? "" : " (some connections had to be closed after the deadline)");
        terminatedCleanly = clean;
        terminated.countDown();
        return clean;
    }

    /** {@link #shutdown} with reason "server shutting down" and a deadline of {@link #DEFAULT_SHUTDOWN_DEADLINE}. */
    @Override
    public void close() {
        shutdown("server shutting down", DEFAULT_SHUTDOWN_DEADLINE);
    }

    /** The smallest {@link Builder#maxPacketLength}: RFC 4253 §6.1's 35000 bytes. */
    public static final int MIN_PACKET_LENGTH = 35000;
    /** The smallest per-channel packet size {@link Builder#channelLimits} takes (what ConnectionConfig checks too). */
    public static final int MIN_CHANNEL_PACKET_SIZE = 1024;

    /** Settings of a server; every limit has a safe default. */
    public static final class Builder {
        private final List<HostKey> hostKeys = new ArrayList<>();
        private AlgorithmPreferences algorithms = AlgorithmPreferences.defaults();
        private long rekeyAfterBytes = TransportConfig.DEFAULT_REKEY_AFTER_BYTES;
        private Duration rekeyAfterTime = TransportConfig.DEFAULT_REKEY_AFTER_TIME;
        private TransportLimits transportLimits = TransportLimits.DEFAULT;
        private int kexThreads = KexWorkers.DEFAULT_THREADS;
        private int kexQueue = KexWorkers.DEFAULT_QUEUE;
        private int kexPerSource = KexWorkers.DEFAULT_MAX_PER_SOURCE;
        private int maxPacketLength = PacketCodec.DEFAULT_MAX_PACKET_LENGTH;
        private PacketListener packetListener = PacketListener.NONE;
        private final AuthConfig.Builder auth = AuthConfig.builder();
        private SessionHandlers handlers = SessionHandlers.none();
        private int maxSessions = ConnectionConfig.DEFAULT_MAX_SESSIONS;
        private int channelWindowSize = ConnectionConfig.DEFAULT_WINDOW_SIZE;
        private int channelMaxPacketSize = ConnectionConfig.DEFAULT_MAX_PACKET_SIZE;
        private ForwardingPolicy forwarding = ForwardingPolicy.denyAll();
        private GatewayPorts gatewayPorts = GatewayPorts.NO;
        private int maxForwardingListeners = ForwardingOptions.DEFAULT_MAX_LISTENERS;
        private int maxConcurrentLookups = ForwardingOptions.DEFAULT_MAX_CONCURRENT_LOOKUPS;
        private Duration lookupTimeout = ForwardingOptions.DEFAULT_LOOKUP_TIMEOUT;
        private int maxTunnelBacklog = ForwardingOptions.DEFAULT_MAX_TUNNEL_BACKLOG;
        private DnsSettings dns = DnsSettings.system();
        private EnvironmentOptions environment = EnvironmentOptions.DEFAULT;
        private int maxCommandThreads = CommandExecutors.DEFAULT_MAX_THREADS;
        private int commandQueueCapacity = CommandExecutors.DEFAULT_QUEUE_CAPACITY;
        private int eventLoopThreads = 0;
        private IoTransport ioTransport = IoTransport.AUTO;
        private SocketOptions socketOptions = SocketOptions.DEFAULT;
        private AdmissionControl admission = AdmissionControl.DEFAULT;
        private PerSourcePenalties penalties = PerSourcePenalties.DEFAULT;
        private Predicate<InetSocketAddress> refuseConnection = address -> false;
        private final List<Cidr> trustedProxies = new ArrayList<>();
        private Duration idleTimeout = Duration.ZERO;
        private Duration keepaliveInterval = Duration.ZERO;
        private int keepaliveCountMax = 3;
        private boolean proxyProtocol;
        private String jmxName;
        private final List<ConnectionListener> connectionListeners = new ArrayList<>();

        private Builder() {
        }

        /** Adds a host key; a server needs at least one. */
        public Builder hostKey(HostKey hostKey) {
            hostKeys.add(Objects.requireNonNull(hostKey));
            return this;
        }

        /** The algorithms offered, per family, in order of preference. */
        public Builder algorithms(AlgorithmPreferences algorithms) {
            this.algorithms = Objects.requireNonNull(algorithms);
            return this;
        }

        /**
         * The largest binary packet accepted from a client (packet_length, RFC 4253 §6.1); 256 KiB by default. At
         * least 35000, which the RFC requires every implementation to accept.
         */
        public Builder maxPacketLength(int maxPacketLength) {
            if (maxPacketLength < MIN_PACKET_LENGTH) {
                throw new IllegalArgumentException("RFC 4253 §6.1 requires packets of " + MIN_PACKET_LENGTH
                        + " bytes to be accepted: " + maxPacketLength);
            }
            this.maxPacketLength = maxPacketLength;
            return this;
        }

        /** Sees every payload in both directions, on every connection. */
        public Builder packetListener(PacketListener listener) {
            this.packetListener = Objects.requireNonNull(listener);
            return this;
        }

        /** Enables the publickey method with this authenticator. */
        public Builder publicKeyAuthenticator(PublicKeyAuthenticator authenticator) {
            auth.publicKey(Objects.requireNonNull(authenticator));
            return this;
        }

        /** Enables the password method (RFC 4252 §8) with this authenticator. */
        public Builder passwordAuthenticator(PasswordAuthenticator authenticator) {
            auth.password(Objects.requireNonNull(authenticator));
            return this;
        }

        /** Enables the keyboard-interactive method (RFC 4256) with this authenticator. */
        public Builder keyboardInteractiveAuthenticator(KeyboardInteractiveAuthenticator authenticator) {
            auth.keyboardInteractive(Objects.requireNonNull(authenticator));
            return this;
        }

        /** Lets the "none" method authenticate anyone; off by default. */
        public Builder allowNoneAuthentication(boolean allow) {
            auth.allowNone(allow);
            return this;
        }

        /** The chains of methods that authenticate (sshd's AuthenticationMethods); any one enabled method by default. */
        public Builder authenticationPolicy(AuthenticationPolicy policy) {
            auth.policy(Objects.requireNonNull(policy));
            return this;
        }

        /** Text shown to clients before authentication (SSH_MSG_USERAUTH_BANNER; sshd's Banner). */
        public Builder banner(String banner) {
            auth.banner(Objects.requireNonNull(banner));
            return this;
        }

        /** The least time before a failed authentication request of any method is answered (default 300 ms). */
        public Builder authFailureDelay(Duration delay) {
            auth.failureDelay(Objects.requireNonNull(delay));
            return this;
        }

        /** The per-user spread of the failure delay above its floor (default 100 ms); see {@link FailureDelay}. */
        public Builder authFailureDelayJitter(Duration jitter) {
            auth.failureDelayJitter(Objects.requireNonNull(jitter));
            return this;
        }

        /** Which users may log in, as sshd's AllowUsers and DenyUsers; everyone by default. */
        public Builder userAccess(UserAccess access) {
            auth.userAccess(Objects.requireNonNull(access));
            return this;
        }

        /** Public key queries per connection that do not count as failed attempts (OpenSSH's max-pk-ok, default 6). */
        public Builder maxPublicKeyQueries(int queries) {
            auth.maxPublicKeyQueries(queries);
            return this;
        }

        /** Authentication requests of any kind per connection before it is disconnected (default 128). */
        public Builder maxAuthRequests(int requests) {
            auth.maxAuthRequests(requests);
            return this;
        }

        /** Where user signatures are verified, off the event loop (default: a small shared pool). */
        public Builder signatureExecutor(java.util.concurrent.Executor executor) {
            auth.signatureExecutor(Objects.requireNonNull(executor));
            return this;
        }

        /** Failed attempts allowed per connection (sshd's MaxAuthTries, default 6). */
        public Builder maxAuthAttempts(int attempts) {
            auth.maxAttempts(attempts);
            return this;
        }

        /** Time allowed from connect to authenticated (sshd's LoginGraceTime, default 120 s); zero for none. */
        public Builder loginGraceTime(Duration loginGraceTime) {
            auth.loginGraceTime(Objects.requireNonNull(loginGraceTime));
            return this;
        }

        /** Serves "exec" requests. */
        public Builder exec(ExecHandler handler) {
            this.handlers = handlers.withExec(Objects.requireNonNull(handler));
            return this;
        }

        /** Serves "shell" requests. */
        public Builder shell(ShellHandler handler) {
            this.handlers = handlers.withShell(Objects.requireNonNull(handler));
            return this;
        }

        /** Serves "subsystem" requests named {@code name}, e.g. "sftp"; several names may be registered. */
        public Builder subsystem(String name, SubsystemHandler handler) {
            this.handlers = handlers.withSubsystem(name, handler);
            return this;
        }

        private SftpSettings sftp;

        /**
         * Serves the "sftp" subsystem from {@code settings} (in place of one given to {@link #subsystem}), its
         * blocking file work on the server's command executor ({@link #commandThreads}), which
         * {@link SshServer#shutdown} stops; each session holds at most {@link SftpSettings#maxWorkersPerSession}
         * of its threads. {@code new ScpExec(settings, otherCommands)} as the exec handler serves legacy scp
         * over the same root.
         */
        public Builder sftp(SftpSettings settings) {
            this.sftp = Objects.requireNonNull(settings);
            return this;
        }

        /** Which "env" variable names clients may set (sshd's AcceptEnv); none by default. */
        public Builder acceptEnvironment(Predicate<String> names) {
            this.handlers = handlers.withAcceptedEnvironment(names);
            return this;
        }

        /** Which session requests (pty-req, exec, shell, subsystem) may be served, before any handler is asked. */
        public Builder requestPolicy(RequestPolicy policy) {
            this.handlers = handlers.withPolicy(policy);
            return this;
        }

        /** Which port forwardings (ssh -L, -R, and their Unix-socket forms) clients may use; none by default. */
        public Builder forwardingPolicy(ForwardingPolicy policy) {
            this.forwarding = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Where remote forwards (ssh -R) listen, as sshd's GatewayPorts: {@link GatewayPorts#NO} (the default)
         * keeps them on loopback whatever address the client asks for.
         */
        public Builder gatewayPorts(GatewayPorts gatewayPorts) {
            this.gatewayPorts = Objects.requireNonNull(gatewayPorts);
            return this;
        }

        /**
         * Per connection: listeners (remote forwards and agent sockets, default
         * {@link ForwardingOptions#DEFAULT_MAX_LISTENERS}), host-name lookups in flight (default
         * {@link ForwardingOptions#DEFAULT_MAX_CONCURRENT_LOOKUPS}), and how long one lookup may take in all
         * (default {@link ForwardingOptions#DEFAULT_LOOKUP_TIMEOUT}).
         */
        public Builder forwardingLimits(int maxListeners, int maxConcurrentLookups, Duration lookupTimeout) {
            this.maxForwardingListeners = maxListeners;
            this.maxConcurrentLookups = maxConcurrentLookups;
            this.lookupTimeout = Objects.requireNonNull(lookupTimeout);
            return this;
        }

        /**
         * Bytes a forwarded connection holds from its socket for a client that does not open its window
         * before the socket stops being read (default {@link ForwardingOptions#DEFAULT_MAX_TUNNEL_BACKLOG}).
         */
        public Builder tunnelBacklog(int bytes) {
            this.maxTunnelBacklog = bytes;
            return this;
        }

        /** The name servers forwarding resolves host names with, without blocking; the system's by default. */
        public Builder forwardingDns(DnsSettings settings) {
            this.dns = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * sshd's PermitUserEnvironment for authorized_keys {@code environment=}: off by default; when on, the
         * key's entries win over the client's "env" requests.
         */
        public Builder permitUserEnvironment(boolean permit) {
            this.environment = new EnvironmentOptions(permit, environment.maxVariables(), environment.maxBytes());
            return this;
        }

        /**
         * What the client's "env" requests may add per channel: variables (default
         * {@link EnvironmentOptions#DEFAULT_MAX_VARIABLES}) and bytes of names and values (default
         * {@link EnvironmentOptions#DEFAULT_MAX_BYTES}).
         */
        public Builder environmentLimits(int maxVariables, int maxBytes) {
            this.environment = new EnvironmentOptions(environment.permitUserEnvironment(), maxVariables, maxBytes);
            return this;
        }

        /**
         * Process-style commands running at once in the server (default {@link CommandExecutors#DEFAULT_MAX_THREADS})
         * and waiting for a thread (default {@link CommandExecutors#DEFAULT_QUEUE_CAPACITY}); a command beyond
         * both fails at once with exit status 255.
         */
        public Builder commandThreads(int maxThreads, int queueCapacity) {
            this.maxCommandThreads = maxThreads;
            this.commandQueueCapacity = queueCapacity;
            return this;
        }

        /** Session channels open at once per connection (sshd's MaxSessions, default 10). */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        /**
         * Per channel: the window we offer (the most a client may send ahead of what a command has read;
         * OpenSSH's 2 MiB by default) and the largest data packet we accept (OpenSSH's 32 KiB by default), as
         * announced in every CHANNEL_OPEN_CONFIRMATION (RFC 4254 §5.1). The packet size is at least
         * {@value #MIN_CHANNEL_PACKET_SIZE} bytes and the window at least one packet.
         */
        public Builder channelLimits(int windowSize, int maxPacketSize) {
            if (maxPacketSize < MIN_CHANNEL_PACKET_SIZE || windowSize < maxPacketSize) {
                throw new IllegalArgumentException("channel limits need a packet size of at least "
                        + MIN_CHANNEL_PACKET_SIZE + " and a window of at least one packet: window " + windowSize
                        + ", packet " + maxPacketSize);
            }
            this.channelWindowSize = windowSize;
            this.channelMaxPacketSize = maxPacketSize;
            return this;
        }

        /**
         * Accept-time limits: connections, unauthenticated connections (the stalest makes room past them),
         * per-source limits, the handshake timeout; {@link AdmissionControl#DEFAULT} by default.
         */
        public Builder admission(AdmissionControl admission) {
            this.admission = Objects.requireNonNull(admission);
            return this;
        }

        /**
         * sshd's PerSourcePenalties and PerSourcePenaltyExemptList; {@link PerSourcePenalties#DEFAULT} (on, sshd's
         * durations, loopback exempt) by default, {@link PerSourcePenalties#OFF} for none. Trusted proxies are
         * always exempt.
         */
        public Builder penalties(PerSourcePenalties penalties) {
            this.penalties = Objects.requireNonNull(penalties);
            return this;
        }

        /**
         * sshd's RefuseConnection: asked at accept (with the proxied address, once a trusted proxy's header
         * is read) whether to refuse the client; a refused source earns the refused-connection penalty. Runs on
         * an event loop: it must answer at once (no I/O).
         */
        public Builder refuseConnection(Predicate<InetSocketAddress> refuse) {
            this.refuseConnection = Objects.requireNonNull(refuse);
            return this;
        }

        /** No traffic either way for this long ends a connection; zero (the default) for never. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * sshd's ClientAliveInterval and ClientAliveCountMax: after {@code interval} without a packet from an
         * authenticated client, ask it for a keepalive reply; {@code countMax} unanswered in a row end the
         * connection. Zero interval (the default) for none.
         */
        public Builder keepalive(Duration interval, int countMax) {
            this.keepaliveInterval = Objects.requireNonNull(interval);
            this.keepaliveCountMax = countMax;
            return this;
        }

        /**
         * Expects a PROXY protocol header (v1 or v2) before the SSH identification from peers in the
         * {@code trustedNetworks} (CIDR, e.g. "10.0.0.0/8"): behind a TCP load balancer. Only those peers'
         * headers are believed; a header from anyone else closes the connection, and everyone else may
         * connect directly without one.
         */
        public Builder proxyProtocol(String... trustedNetworks) {
            for (String network : trustedNetworks) {
                trustedProxies.add(Cidr.parse(network));
            }
            this.proxyProtocol = true;
            return this;
        }

        /**
         * {@code proxyProtocol(false)} turns the PROXY protocol off; {@code true} alone is refused at
         * {@link #build()}: name the trusted proxies with {@link #proxyProtocol(String...)}.
         */
        public Builder proxyProtocol(boolean expected) {
            this.proxyProtocol = expected;
            if (!expected) {
                trustedProxies.clear();
            }
            return this;
        }

        /** Registers the connection registry as an MXBean on the platform MBean server under this name. */
        public Builder jmx(String serverName) {
            this.jmxName = Objects.requireNonNull(serverName);
            return this;
        }

        /** Told when connections open, authenticate, open and close channels, and close. */
        public Builder connectionListener(ConnectionListener listener) {
            connectionListeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Which I/O transport the event loops use: AUTO (epoll where available, else NIO), EPOLL, IO_URING, NIO. */
        public Builder ioTransport(IoTransport transport) {
            this.ioTransport = Objects.requireNonNull(transport);
            return this;
        }

        /**
         * The server starts a new key exchange once the keys have carried {@code bytes} (both directions) or
         * are {@code time} old; RFC 4253 §9's 1 GiB and 1 hour by default.
         */
        public Builder rekeyLimits(long bytes, Duration time) {
            this.rekeyAfterBytes = bytes;
            this.rekeyAfterTime = Objects.requireNonNull(time);
            return this;
        }

        /**
         * The most bytes held for one peer that does not read (queued for its socket, or held during a key
         * exchange) before its connection is closed; {@link TransportLimits#DEFAULT_MAX_PENDING_OUTPUT_BYTES}
         * (4 MiB) by default. Reading from a peer already stops while its socket is not writable.
         */
        public Builder maxPendingOutputBytes(long bytes) {
            this.transportLimits = transportLimits.withMaxPendingOutputBytes(bytes);
            return this;
        }

        /**
         * Time allowed for the first key exchange (120 s by default, like sshd's LoginGraceTime, since a
         * person may be asked about the host key) and for each re-key (30 s by default); a key exchange
         * that takes longer ends the connection.
         */
        public Builder keyExchangeTimeouts(Duration first, Duration rekey) {
            this.transportLimits = transportLimits.withKexTimeouts(first, rekey);
            return this;
        }

        /**
         * SSH_MSG_UNIMPLEMENTED replies a peer may provoke before it authenticates (10 by default); one more
         * ends the connection.
         */
        public Builder maxPreAuthUnimplemented(int count) {
            this.transportLimits = transportLimits.withMaxPreAuthUnimplemented(count);
            return this;
        }

        /**
         * The threads that compute key exchange steps off the event loops (one per core by default), the steps
         * that may wait for them over all sources (256 per thread), and the steps one source address may have
         * running at once (4). Each source waits in a line of its own and the lines are served in turn; when
         * the waiting steps are at their bound, the longest line gives way (its newest step's connection ends
         * with TOO_MANY_CONNECTIONS).
         */
        public Builder keyExchangeWorkers(int threads, int queue, int perSource) {
            this.kexThreads = threads;
            this.kexQueue = queue;
            this.kexPerSource = perSource;
            return this;
        }

        /** Backlog, TCP_NODELAY, keepalive, buffer sizes and write water marks; {@link SocketOptions#DEFAULT} by default. */
        public Builder socketOptions(SocketOptions options) {
            this.socketOptions = Objects.requireNonNull(options);
            return this;
        }

        /** Event loop threads for connections; 0 (the default) for Netty's default of twice the cores. */
        public Builder eventLoopThreads(int threads) {
            this.eventLoopThreads = threads;
            return this;
        }

        public SshServer build() {
            if (hostKeys.isEmpty()) {
                throw new IllegalStateException("a server needs at least one host key");
            }
            if (proxyProtocol && trustedProxies.isEmpty()) {
                throw new IllegalStateException("the PROXY protocol needs the trusted proxies' networks: proxyProtocol(\"10.0.0.0/8\")");
            }
            return new SshServer(this);
        }
    }
}
