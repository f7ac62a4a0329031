package io.sshnetty.connection.forwarding;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.DomainSocketAddress;
import io.sshnetty.connection.channel.ChannelHost;
import io.sshnetty.connection.message.ChannelOpen;
import io.sshnetty.connection.message.ChannelOpenFailure;
import io.sshnetty.connection.message.ChannelOpenRequest;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * One connection's port forwarding (RFC 4254 §7, OpenSSH PROTOCOL §2.4): the channels the client opens to
 * targets through us, the listeners it asks us to open, and the channels we open to it for what they
 * accept. Every socket lives on the connection's event loop, so bytes are piped without locks; every
 * request goes through the {@link ForwardingPolicy} first.
 */
public final class Forwarding {
    private static final Logger log = LoggerFactory.getLogger(Forwarding.class);
    /** Listeners one connection may hold at once. */
    public static final int MAX_LISTENERS = 16;

    /** How channels are numbered, registered and forgotten in the connection's table. */
    public interface Channels {
        /** Reserves a free number and registers the tunnel made for it; null when the table is full. */
        TunnelChannel register(IntFunction<TunnelChannel> create);

        void unregister(TunnelChannel channel);
    }

    private final ChannelHandlerContext ctx;
    private final ChannelHost host;
    private final ForwardingPolicy policy;
    private final SocketTransport transport;
    private final Channels channels;
    private final int windowSize;
    private final int maxPacketSize;
    private final Map<String, Channel> listeners = new HashMap<>();

    public Forwarding(ChannelHandlerContext ctx, ChannelHost host, ForwardingPolicy policy, SocketTransport transport,
            Channels channels, int windowSize, int maxPacketSize) {
        this.ctx = ctx;
        this.host = host;
        this.policy = policy;
        this.transport = transport;
        this.channels = channels;
        this.windowSize = windowSize;
        this.maxPacketSize = maxPacketSize;
    }

    /** Whether {@code channelType} is one of ours to open. */
    public static boolean isTunnelType(String channelType) {
        return "direct-tcpip".equals(channelType) || "direct-streamlocal@openssh.com".equals(channelType);
    }

    // --- channels the client opens -------------------------------------------------------------------

    /** "direct-tcpip" (RFC 4254 §7.2) or "direct-streamlocal@openssh.com": connect, then confirm or refuse. */
    public void open(ChannelOpen open, ByteBuf fields) {
        SocketAddress target;
        ForwardingRequest request;
        if ("direct-tcpip".equals(open.channelType())) {
            String targetHost = Wire.readUtf8(fields);
            int port = Wire.readUint32(fields);
            request = request(ForwardingRequest.Kind.LOCAL_TCP, targetHost, port, null);
            target = InetSocketAddress.createUnresolved(targetHost, port);
        } else {
            String path = Wire.readUtf8(fields);
            request = request(ForwardingRequest.Kind.LOCAL_UNIX, null, 0, path);
            target = new DomainSocketAddress(path);
        }
        if (!policy.allows(request) || !KeyRestrictionCheck.allows(host.restrictions(), request)
                || (request.path() != null && !transport.hasDomainSockets())) {
            log.debug("[{}] refused {} to {}", host.connectionId(), open.channelType(), describe(request));
            refuse(open, ChannelOpenFailure.ADMINISTRATIVELY_PROHIBITED, "forwarding to " + describe(request) + " is not allowed");
            return;
        }
        TunnelChannel tunnel = channels.register(id -> new TunnelChannel(host, ctx, id, windowSize, maxPacketSize,
                open.channelType(), describe(request)));
        if (tunnel == null) {
            refuse(open, ChannelOpenFailure.RESOURCE_SHORTAGE, "too many channels");
            return;
        }
        if (target instanceof InetSocketAddress) {
            InetSocketAddress unresolved = (InetSocketAddress) target;
            target = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        }
        new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(request.path() == null ? transport.socket() : transport.domainSocket())
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel socket) {
                        tunnel.attach(socket);
                    }
                })
                .connect(target)
                .addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        channels.unregister(tunnel);
                        refuse(open, ChannelOpenFailure.CONNECT_FAILED, "connect to " + describe(request) + " failed: "
                                + connected.cause().getMessage());
                        return;
                    }
                    tunnel.opened(open.senderChannel(), Integer.toUnsignedLong(open.initialWindowSize()), open.maximumPacketSize());
                    ctx.writeAndFlush(new io.sshnetty.connection.message.ChannelOpenConfirmation(open.senderChannel(),
                            tunnel.localId(), windowSize, maxPacketSize));
                    tunnel.startReading();
                });
    }

    private void refuse(ChannelOpen open, int reason, String description) {
        ctx.writeAndFlush(new ChannelOpenFailure(open.senderChannel(), reason, description));
    }

    // --- listeners the client asks for ----------------------------------------------------------------

    /**
     * "tcpip-forward" / "cancel-tcpip-forward" (RFC 4254 §7.1) and "streamlocal-forward@openssh.com" /
     * "cancel-streamlocal-forward@openssh.com": completes with the reply to send, or null when the request
     * is not a forwarding one.
     */
    public CompletionStage<SshMessage> globalRequest(String name, ByteBuf fields) {
        switch (name) {
            case "tcpip-forward": {
                String address = Wire.readUtf8(fields);
                int port = Wire.readUint32(fields);
                return listen(request(ForwardingRequest.Kind.REMOTE_TCP, address, port, null));
            }
            case "cancel-tcpip-forward": {
                String address = Wire.readUtf8(fields);
                int port = Wire.readUint32(fields);
                return CompletableFuture.completedFuture(cancel(address + ":" + port));
            }
            case "streamlocal-forward@openssh.com":
                return listen(request(ForwardingRequest.Kind.REMOTE_UNIX, null, 0, Wire.readUtf8(fields)));
            case "cancel-streamlocal-forward@openssh.com":
                return CompletableFuture.completedFuture(cancel(Wire.readUtf8(fields)));
            default:
                return null;
        }
    }

    private CompletionStage<SshMessage> listen(ForwardingRequest request) {
        boolean unix = request.kind() == ForwardingRequest.Kind.REMOTE_UNIX;
        if (!policy.allows(request) || !KeyRestrictionCheck.allows(host.restrictions(), request)
                || (unix && !transport.hasDomainSockets()) || listeners.size() >= MAX_LISTENERS) {
            log.debug("[{}] refused listening on {}", host.connectionId(), describe(request));
            return CompletableFuture.completedFuture(GlobalReply.FAILURE);
        }
        SocketAddress address = unix ? new DomainSocketAddress(request.path())
                : new InetSocketAddress(bindHost(request.host()), request.port());
        CompletableFuture<SshMessage> reply = new CompletableFuture<>();
        new ServerBootstrap()
                .group(ctx.channel().eventLoop(), ctx.channel().eventLoop())
                .channel(unix ? transport.serverDomainSocket() : transport.serverSocket())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel socket) {
                        accepted(socket, request);
                    }
                })
                .bind(address)
                .addListener((ChannelFuture bound) -> {
                    if (!bound.isSuccess()) {
                        log.debug("[{}] cannot listen on {}: {}", host.connectionId(), describe(request), bound.cause().toString());
                        reply.complete(GlobalReply.FAILURE);
                        return;
                    }
                    Channel listener = bound.channel();
                    if (!ctx.channel().isActive()) {
                        listener.close();
                        reply.complete(GlobalReply.FAILURE);
                        return;
                    }
                    int port = unix ? 0 : ((InetSocketAddress) listener.localAddress()).getPort();
                    String key = unix ? request.path() : request.host() + ":" + request.port();
                    listeners.put(key, listener);
                    log.debug("[{}] listening on {} for the client", host.connectionId(), listener.localAddress());
                    // RFC 4254 §7.1: the port is sent back only when the client asked for port 0.
                    reply.complete(!unix && request.port() == 0 ? GlobalReply.successWithPort(port) : GlobalReply.SUCCESS);
                });
        return reply;
    }

    /** RFC 4254 §7.1: "" means every address, "localhost" the loopback ones. */
    private static String bindHost(String requested) {
        if (requested.isEmpty() || "*".equals(requested)) {
            return "0.0.0.0";
        }
        return "localhost".equalsIgnoreCase(requested) ? "127.0.0.1" : requested;
    }

    private SshMessage cancel(String key) {
        Channel listener = listeners.remove(key);
        if (listener == null) {
            return GlobalReply.FAILURE;
        }
        listener.close();
        return GlobalReply.SUCCESS;
    }

    /** A connection arrived at one of the client's listeners: open a channel to the client for it. */
    private void accepted(Channel socket, ForwardingRequest request) {
        boolean unix = request.kind() == ForwardingRequest.Kind.REMOTE_UNIX;
        TunnelChannel tunnel = channels.register(id -> new TunnelChannel(host, ctx, id, windowSize, maxPacketSize,
                unix ? "forwarded-streamlocal@openssh.com" : "forwarded-tcpip", describe(request)));
        if (tunnel == null) {
            socket.close();
            return;
        }
        tunnel.attach(socket);
        SshMessage open;
        if (request.kind() == ForwardingRequest.Kind.REMOTE_UNIX) {
            open = new ChannelOpenRequest("forwarded-streamlocal@openssh.com", tunnel.localId(), windowSize, maxPacketSize,
                    out -> {
                        Wire.writeUtf8(out, request.path());
                        Wire.writeAscii(out, "");
                    });
        } else {
            InetSocketAddress local = (InetSocketAddress) socket.localAddress();
            InetSocketAddress origin = (InetSocketAddress) socket.remoteAddress();
            open = new ChannelOpenRequest("forwarded-tcpip", tunnel.localId(), windowSize, maxPacketSize, out -> {
                Wire.writeUtf8(out, request.host());
                out.writeInt(local.getPort());
                Wire.writeUtf8(out, origin.getAddress().getHostAddress());
                out.writeInt(origin.getPort());
            });
        }
        ctx.writeAndFlush(open);
    }

    /**
     * "auth-agent-req@openssh.com" (OpenSSH PROTOCOL §2.1 and its agent forwarding): a Unix socket in a
     * private directory whose connections are carried to the client's agent in "auth-agent@openssh.com"
     * channels. Null when refused: by the policy, by the key's no-agent-forwarding, or without Unix sockets.
     */
    public AgentSocket agentSocket() {
        ForwardingRequest request = request(ForwardingRequest.Kind.AGENT, null, 0, null);
        if (!policy.allows(request) || !KeyRestrictionCheck.allows(host.restrictions(), request)
                || !transport.hasDomainSockets() || listeners.size() >= MAX_LISTENERS) {
            return null;
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("sshnetty-agent-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            log.warn("[{}] cannot make a directory for the agent socket: {}", host.connectionId(), e.toString());
            return null;
        }
        Path socket = directory.resolve("agent." + host.connectionId());
        Channel listener = new ServerBootstrap()
                .group(ctx.channel().eventLoop(), ctx.channel().eventLoop())
                .channel(transport.serverDomainSocket())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel accepted) {
                        TunnelChannel tunnel = channels.register(id -> new TunnelChannel(host, ctx, id, windowSize, maxPacketSize,
                                "auth-agent@openssh.com", "agent"));
                        if (tunnel == null) {
                            accepted.close();
                            return;
                        }
                        tunnel.attach(accepted);
                        ctx.writeAndFlush(new ChannelOpenRequest("auth-agent@openssh.com", tunnel.localId(), windowSize,
                                maxPacketSize, out -> { }));
                    }
                })
                .bind(new DomainSocketAddress(socket.toString()))
                .channel();
        listeners.put(socket.toString(), listener);
        log.debug("[{}] agent forwarding on {}", host.connectionId(), socket);
        return new AgentSocket(socket, () -> {
            Channel removed = listeners.remove(socket.toString());
            if (removed != null) {
                removed.close();
            }
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                log.debug("[{}] cleaning up {}: {}", host.connectionId(), directory, e.toString());
            }
        });
    }

    /** A forwarded agent's socket on this machine, and how to take it away. */
    public record AgentSocket(Path path, Runnable closer) {
        public void close() {
            closer.run();
        }
    }

    /** The client confirmed a channel we opened: start piping. */
    public static void confirmed(TunnelChannel tunnel, int senderChannel, int window, int maxPacket) {
        tunnel.opened(senderChannel, Integer.toUnsignedLong(window), maxPacket);
        tunnel.startReading();
    }

    /** The connection is gone: stop listening. */
    public void close() {
        new java.util.ArrayList<>(listeners.values()).forEach(Channel::close);
        listeners.clear();
    }

    private ForwardingRequest request(ForwardingRequest.Kind kind, String targetHost, int port, String path) {
        return new ForwardingRequest(kind, host.user(), host.connectionId(), host.remoteAddress(), targetHost, port, path);
    }

    private static String describe(ForwardingRequest request) {
        return request.path() != null ? request.path() : request.host() + " port " + request.port();
    }

    /** Replies to global requests (RFC 4254 §4). */
    public static final class GlobalReply {
        public static final SshMessage SUCCESS = new Simple(MessageNumbers.REQUEST_SUCCESS);
        public static final SshMessage FAILURE = new Simple(MessageNumbers.REQUEST_FAILURE);

        private GlobalReply() {
        }

        static SshMessage successWithPort(int port) {
            return new SshMessage() {
                @Override
                public int messageNumber() {
                    return MessageNumbers.REQUEST_SUCCESS;
                }

                @Override
                public void encode(ByteBuf out) {
                    out.writeByte(MessageNumbers.REQUEST_SUCCESS);
                    out.writeInt(port);
                }
            };
        }

        private record Simple(int messageNumber) implements SshMessage {
            @Override
            public void encode(ByteBuf out) {
                out.writeByte(messageNumber);
            }
        }
    }
}
