package io.sshnetty.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.sshnetty.auth.AuthConfig;
import io.sshnetty.auth.UserAuthHandler;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.connection.ConnectionConfig;
import io.sshnetty.connection.ConnectionHandler;
import io.sshnetty.connection.session.ExecHandler;
import io.sshnetty.connection.session.SessionHandlers;
import io.sshnetty.connection.session.ShellHandler;
import io.sshnetty.connection.session.SubsystemHandler;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.IdentificationHandler;
import io.sshnetty.transport.ProtocolErrorHandler;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.TransportConfig;
import io.sshnetty.transport.TransportHandler;
import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.packet.PacketCodec;
import io.sshnetty.transport.packet.PacketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
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
 *         .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(path))
 *         .exec(request -> io -> { io.stdout().write("hi\n".getBytes()); return 0; })
 *         .build();
 * InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 2222));
 * }</pre>
 */
public final class SshServer implements AutoCloseable {
    /** The version in our identification line, {@code SSH-2.0-sshnetty_<version>}. */
    public static final String VERSION = "0.1.0";

    private static final Logger log = LoggerFactory.getLogger(SshServer.class);

    private final TransportConfig transport;
    private final AuthConfig auth;
    private final ConnectionConfig connection;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelType;
    private final ExecutorService commandExecutor;
    private final List<Channel> listeners = new ArrayList<>();

    private SshServer(Builder builder) {
        this.transport = new TransportConfig("SSH-2.0-sshnetty_" + VERSION, builder.hostKeys, builder.algorithms,
                builder.maxPacketLength, builder.packetListener, builder.rekeyAfterBytes, builder.rekeyAfterTime);
        this.auth = new AuthConfig(builder.publicKeyAuthenticator, builder.maxAuthAttempts, builder.loginGraceTime);
        this.commandExecutor = CommandExecutors.create();
        this.connection = new ConnectionConfig(builder.handlers, commandExecutor, builder.maxSessions,
                ConnectionConfig.DEFAULT_WINDOW_SIZE, ConnectionConfig.DEFAULT_MAX_PACKET_SIZE);
        boolean epoll = Epoll.isAvailable();
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workerGroup = new MultiThreadIoEventLoopGroup(builder.eventLoopThreads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Listens on {@code address} (port 0 for an ephemeral port) and returns the address bound. */
    public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
        Channel listener = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
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
        SshConnection.attach(channel);
        PacketCodec codec = new PacketCodec(transport.maxPacketLength(), transport.packetListener());
        channel.pipeline()
                .addLast("identification", new IdentificationHandler(transport.identification()))
                .addLast("packets", codec)
                .addLast("transport", new TransportHandler(transport, codec))
                .addLast("userauth", new UserAuthHandler(auth, () -> new ConnectionHandler(connection)))
                .addLast("errors", new ProtocolErrorHandler());
    }

    /** Stops listening, closes every connection, and releases the event loops and the command executor. */
    @Override
    public void close() {
        synchronized (listeners) {
            for (Channel listener : listeners) {
                listener.close().syncUninterruptibly();
            }
            listeners.clear();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        commandExecutor.shutdownNow();
    }

    /** Settings of a server; every limit has a safe default. */
    public static final class Builder {
        private final List<HostKey> hostKeys = new ArrayList<>();
        private AlgorithmPreferences algorithms = AlgorithmPreferences.defaults();
        private long rekeyAfterBytes = TransportConfig.DEFAULT_REKEY_AFTER_BYTES;
        private Duration rekeyAfterTime = TransportConfig.DEFAULT_REKEY_AFTER_TIME;
        private int maxPacketLength = PacketCodec.DEFAULT_MAX_PACKET_LENGTH;
        private PacketListener packetListener = PacketListener.NONE;
        private PublicKeyAuthenticator publicKeyAuthenticator;
        private int maxAuthAttempts = AuthConfig.DEFAULT_MAX_ATTEMPTS;
        private Duration loginGraceTime = AuthConfig.DEFAULT_LOGIN_GRACE_TIME;
        private SessionHandlers handlers = SessionHandlers.none();
        private int maxSessions = ConnectionConfig.DEFAULT_MAX_SESSIONS;
        private int eventLoopThreads = 0;

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

        public Builder maxPacketLength(int maxPacketLength) {
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
            this.publicKeyAuthenticator = Objects.requireNonNull(authenticator);
            return this;
        }

        /** Failed attempts allowed per connection (sshd's MaxAuthTries, default 6). */
        public Builder maxAuthAttempts(int attempts) {
            this.maxAuthAttempts = attempts;
            return this;
        }

        /** Time allowed from connect to authenticated (sshd's LoginGraceTime, default 120 s); zero for none. */
        public Builder loginGraceTime(Duration loginGraceTime) {
            this.loginGraceTime = Objects.requireNonNull(loginGraceTime);
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

        /** Which "env" variable names clients may set (sshd's AcceptEnv); none by default. */
        public Builder acceptEnvironment(Predicate<String> names) {
            this.handlers = handlers.withAcceptedEnvironment(names);
            return this;
        }

        /** Session channels open at once per connection (sshd's MaxSessions, default 10). */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
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

        /** Event loop threads for connections; 0 (the default) for Netty's default of twice the cores. */
        public Builder eventLoopThreads(int threads) {
            this.eventLoopThreads = threads;
            return this;
        }

        public SshServer build() {
            if (hostKeys.isEmpty()) {
                throw new IllegalStateException("a server needs at least one host key");
            }
            return new SshServer(this);
        }
    }
}
