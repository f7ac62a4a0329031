package io.sshnetty.connection.internal.forwarding;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.forwarding.ForwardingRequest;
import io.sshnetty.connection.forwarding.GatewayPorts;
import io.sshnetty.connection.internal.channel.ChannelHost;
import io.sshnetty.connection.internal.message.ChannelOpen;
import io.sshnetty.connection.internal.message.ChannelOpenFailure;
import io.sshnetty.connection.internal.message.ChannelOpenRequest;
import io.sshnetty.connection.internal.message.GlobalRequest;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * One connection's port forwarding (RFC 4254 §7, OpenSSH PROTOCOL §2.4): the channels the client opens to
 * targets through us, the listeners it asks us to open, and the channels we open to it for what they
 * accept. Every socket lives on the connection's event loop, so bytes are piped without locks; every
 * request goes through the {@link ForwardingPolicy} first, and again once a host name has been resolved
 * (by a DNS resolver on the same loop, never a blocking lookup). How listeners bind and the per-connection
 * caps are {@link ForwardingOptions}.
 */
public final class Forwarding {
    private static final Logger log = LoggerFactory.getLogger(Forwarding.class);
    /** Listeners one connection may hold at once, by default. */
    public static final int MAX_LISTENERS = ForwardingOptions.DEFAULT_MAX_LISTENERS;

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
    private final ForwardingOptions options;
    private final Channels channels;
    private final int windowSize;
    private final int maxPacketSize;
    /** Every listener, by requested host and bound port (a port-0 forward has its own), or by socket path. */
    private final Map<String, Channel> listeners = new LinkedHashMap<>();
    /** Listeners granted and not yet bound: they count against the cap too. */
    private int pendingListeners;
    private int pendingLookups;
    private int agentSockets;
    private boolean closed;

    public Forwarding(ChannelHandlerContext ctx, ChannelHost host, ForwardingPolicy policy, SocketTransport transport,
            ForwardingOptions options, Channels channels, int windowSize, int maxPacketSize) {
        this.ctx = ctx;
        this.host = host;
        this.policy = policy;
        this.transport = transport;
        this.options = options;
        this.channels = channels;
        this.windowSize = windowSize;
        this.maxPacketSize = maxPacketSize;
    }

    /** Whether a channel of {@code type} is one of ours to open. */
    public static boolean isTunnel(ChannelOpen.Type type) {
        return type instanceof ChannelOpen.DirectTcpip || type instanceof ChannelOpen.DirectStreamlocal;
    }

    // --- channels the client opens -------------------------------------------------------------------

    /**
     * "direct-tcpip" (RFC 4254 §7.2) or "direct-streamlocal@openssh.com": resolve the target without
     * blocking, ask the policy again about the address, connect, then confirm or refuse.
     */
    public void open(ChannelOpen open) {
        ForwardingRequest request;
        if (open.type() instanceof ChannelOpen.DirectTcpip target) {
            request = request(ForwardingRequest.Kind.LOCAL_TCP, target.host(), target.port(), null);
        } else if (open.type() instanceof ChannelOpen.DirectStreamlocal target) {
            request = request(ForwardingRequest.Kind.LOCAL_UNIX, null, 0, target.path());
        } else {
            throw new IllegalArgumentException("not a tunnel: " + open.channelType());
        }
        if (!policy.allows(request) || !KeyRestrictionCheck.allows(host.restrictions(), request)
                || (request.path() != null && !transport.hasDomainSockets())) {
            log.debug("[{}] refused {} to {}", host.connectionId(), open.channelType(), describe(request));
            refuse(open, ChannelOpenFailure.ADMINISTRATIVELY_PROHIBITED, "forwarding to " + describe(request) + " is not allowed");
            return;
        }
        TunnelChannel tunnel = channels.register(id -> new TunnelChannel(host, ctx, id, windowSize, maxPacketSize,
                options.maxTunnelBacklog(), open.channelType(), describe(request)));
        if (tunnel == null) {
            refuse(open, ChannelOpenFailure.RESOURCE_SHORTAGE, "too many channels");
            return;
        }
        if (request.path() != null) {
            connect(open, request, tunnel, new DomainSocketAddress(request.path()));
            return;
        }
        resolve(request, request.host(), (address, failure) -> {
            if (address != null) {
                connect(open, request, tunnel, address);
            } else {
                channels.unregister(tunnel);
                refuse(open, failure.reason, failure.description);
            }
        });
    }

    private void connect(ChannelOpen open, ForwardingRequest request, TunnelChannel tunnel, SocketAddress target) {
        new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(request.path() == null ? transport.socket() : transport.domainSocket())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
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
                    ctx.writeAndFlush(new io.sshnetty.connection.internal.message.ChannelOpenConfirmation(open.senderChannel(),
                            tunnel.localId(), windowSize, maxPacketSize));
                    tunnel.startReading();
                });
    }

    private void refuse(ChannelOpen open, int reason, String description) {
        ctx.writeAndFlush(new ChannelOpenFailure(open.senderChannel(), reason, description));
    }

    /** Why a forwarding could not go ahead: an RFC 4254 §5.1 reason code and a description for the client. */
    private record Failure(int reason, String description) {
    }

    /** Called on the event loop with the address to use, or null and why not. */
    private interface Resolved {
        void accept(InetSocketAddress address, Failure failure);
    }

    /**
     * Resolves {@code name} on the event loop (a literal address needs no query), at most
     * {@link ForwardingOptions#maxConcurrentLookups()} at once and each within {@link ForwardingOptions#lookupTimeout()},
     * then asks the policy again about the address itself: a name the client chose may point anywhere.
     */
    private void resolve(ForwardingRequest request, String name, Resolved done) {
        if (pendingLookups >= options.maxConcurrentLookups()) {
            done.accept(null, new Failure(ChannelOpenFailure.RESOURCE_SHORTAGE, "too many host name lookups at once"));
            return;
        }
        pendingLookups++;
        // The deadline completes our own promise: cancelling the resolver's would make it throw when it answers.
        Promise<InetSocketAddress> outcome = ctx.executor().newPromise();
        options.resolver().getResolver(ctx.channel().eventLoop())
                .resolve(InetSocketAddress.createUnresolved(name, request.port()))
                .addListener((Future<InetSocketAddress> answered) -> {
                    if (answered.isSuccess()) {
                        outcome.trySuccess(answered.getNow());
                    } else {
                        outcome.tryFailure(answered.cause());
                    }
                });
        ScheduledFuture<?> deadline = ctx.executor().schedule(
                () -> outcome.tryFailure(new TimeoutException("no answer in " + options.lookupTimeout().toMillis() + " ms")),
                options.lookupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        outcome.addListener(finished -> {
            deadline.cancel(false);
            pendingLookups--;
            if (closed) {
                done.accept(null, new Failure(ChannelOpenFailure.CONNECT_FAILED, "the connection is closing"));
            } else if (!outcome.isSuccess()) {
                // The details (name servers, timings) stay in our log; the client learns only that it failed.
                log.debug("[{}] cannot resolve {}: {}", host.connectionId(), name, outcome.cause().toString());
                done.accept(null, new Failure(ChannelOpenFailure.CONNECT_FAILED, "cannot resolve " + name));
            } else if (!policy.allows(request.resolvedTo(outcome.getNow().getAddress()))) {
                String address = outcome.getNow().getAddress().getHostAddress();
                log.debug("[{}] refused {}: it resolves to {}", host.connectionId(), describe(request), address);
                done.accept(null, new Failure(ChannelOpenFailure.ADMINISTRATIVELY_PROHIBITED,
                        describe(request) + " resolves to " + address + ", which is not allowed"));
            } else {
                done.accept(outcome.getNow(), null);
            }
        });
    }

    // --- listeners the client asks for ----------------------------------------------------------------

    /**
     * "tcpip-forward" / "cancel-tcpip-forward" (RFC 4254 §7.1) and "streamlocal-forward@openssh.com" /
     * "cancel-streamlocal-forward@openssh.com": completes with the reply to send, or null when the request
     * is not a forwarding one.
     */
    public CompletionStage<SshMessage> globalRequest(GlobalRequest.Type request) {
        if (request instanceof GlobalRequest.TcpipForward forward) {
            return listen(request(ForwardingRequest.Kind.REMOTE_TCP, forward.address(), forward.port(), null));
        } else if (request instanceof GlobalRequest.CancelTcpipForward cancel) {
            return CompletableFuture.completedFuture(cancel(cancel.address() + ":" + cancel.port()));
        } else if (request instanceof GlobalRequest.StreamlocalForward forward) {
            return listen(request(ForwardingRequest.Kind.REMOTE_UNIX, null, 0, forward.path()));
        } else if (request instanceof GlobalRequest.CancelStreamlocalForward cancel) {
            return CompletableFuture.completedFuture(cancel(cancel.path()));
        }
        return null;
    }

    private CompletionStage<SshMessage> listen(ForwardingRequest request) {
        boolean unix = request.kind() == ForwardingRequest.Kind.REMOTE_UNIX;
        String bindHost = unix ? null : bindHost(request.host(), options.gatewayPorts());
        // The key's permitlisten sees what is really listened on: a wildcard is no "localhost".
        ForwardingRequest asBound = !unix && WILDCARD.equals(bindHost) && request.host().isEmpty()
                ? request.withHost("*") : request;
        if (closed || !policy.allows(request) || !KeyRestrictionCheck.allows(host.restrictions(), asBound)
                || (unix && !transport.hasDomainSockets()) || listeners.size() + pendingListeners >= options.maxListeners()) {
            log.debug("[{}] refused listening on {}", host.connectionId(), describe(request));
            return CompletableFuture.completedFuture(GlobalReply.FAILURE);
        }
        pendingListeners++;
        CompletableFuture<SshMessage> reply = new CompletableFuture<>();
        if (unix) {
            bind(request, new DomainSocketAddress(request.path()), reply);
        } else {
            resolve(request, bindHost, (address, failure) -> {
                if (address != null) {
                    bind(request, address, reply);
                } else {
                    pendingListeners--;
                    reply.complete(GlobalReply.FAILURE);
                }
            });
        }
        return reply;
    }

    private void bind(ForwardingRequest request, SocketAddress address, CompletableFuture<SshMessage> reply) {
        boolean unix = request.kind() == ForwardingRequest.Kind.REMOTE_UNIX;
        new ServerBootstrap()
                .group(ctx.channel().eventLoop(), ctx.channel().eventLoop())
                .channel(unix ? transport.serverDomainSocket() : transport.serverSocket())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel socket) {
                        accepted(socket, request);
                    }
                })
                .bind(address)
                .addListener((ChannelFuture bound) -> {
                    pendingListeners--;
                    if (!bound.isSuccess()) {
                        log.debug("[{}] cannot listen on {}: {}", host.connectionId(), describe(request), bound.cause().toString());
                        reply.complete(GlobalReply.FAILURE);
                        return;
                    }
                    Channel listener = bound.channel();
                    int port = unix ? 0 : ((InetSocketAddress) listener.localAddress()).getPort();
                    String key = unix ? request.path() : request.host() + ":" + port;
                    if (closed || !ctx.channel().isActive() || listeners.containsKey(key)) {
                        listener.close();
                        reply.complete(GlobalReply.FAILURE);
                        return;
                    }
                    listeners.put(key, listener);
                    log.debug("[{}] listening on {} for the client", host.connectionId(), listener.localAddress());
                    // RFC 4254 §7.1: the port is sent back only when the client asked for port 0.
                    reply.complete(!unix && request.port() == 0 ? GlobalReply.successWithPort(port) : GlobalReply.SUCCESS);
                });
    }

    private static final String WILDCARD = "0.0.0.0";
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * Where "tcpip-forward" listens, as sshd's channel_fwd_bind_addr decides: GatewayPorts=no keeps every
     * listener on loopback (an explicit 127.0.0.1 or ::1 is honoured), yes puts every one on all addresses,
     * clientspecified takes "" and "*" for all addresses and anything else as given ("localhost" as loopback).
     */
    static String bindHost(String requested, GatewayPorts gatewayPorts) {
        boolean explicitLoopback = "127.0.0.1".equals(requested) || "::1".equals(requested);
        switch (gatewayPorts) {
            case YES:
                return WILDCARD;
            case CLIENT_SPECIFIED:
                if (requested.isEmpty() || "*".equals(requested)) {
                    return WILDCARD;
                }
                return "localhost".equalsIgnoreCase(requested) ? LOOPBACK : requested;
            default:
                return explicitLoopback ? requested : LOOPBACK;
        }
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
                options.maxTunnelBacklog(), unix ? "forwarded-streamlocal@openssh.com" : "forwarded-tcpip", describe(request)));
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
     * "auth-agent-req@openssh.com" (OpenSSH PROTOCOL §2.1 and its agent forwarding): a Unix socket in the
     * server's private agent directory whose connections are carried to the client's agent in
     * "auth-agent@openssh.com" channels. The directory is made beforehand, so nothing here touches the
     * file system but the bind itself. Null when refused: by the policy, by the key's no-agent-forwarding,
     * without Unix sockets or an agent directory, or beyond the listener cap.
     */
    public AgentSocket agentSocket() {
        ForwardingRequest request = request(ForwardingRequest.Kind.AGENT, null, 0, null);
        if (!policy.allows(request) || !KeyRestrictionCheck.allows(host.restrictions(), request)
                || !transport.hasDomainSockets() || options.agentDirectory() == null || closed
                || listeners.size() + pendingListeners >= options.maxListeners()) {
            return null;
        }
        Path socket = options.agentDirectory().resolve("agent." + host.connectionId() + "." + ++agentSockets);
        Channel listener = new ServerBootstrap()
                .group(ctx.channel().eventLoop(), ctx.channel().eventLoop())
                .channel(transport.serverDomainSocket())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel accepted) {
                        TunnelChannel tunnel = channels.register(id -> new TunnelChannel(host, ctx, id, windowSize,
                                maxPacketSize, options.maxTunnelBacklog(), "auth-agent@openssh.com", "agent"));
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
        removeWhenClosed(listener, socket);
        log.debug("[{}] agent forwarding on {}", host.connectionId(), socket);
        return new AgentSocket(socket, () -> {
            Channel removed = listeners.remove(socket.toString());
            if (removed != null) {
                removed.close();
            }
        });
    }

    /** A forwarded agent's socket on this machine, and how to take it away. */
    public record AgentSocket(Path path, Runnable closer) {
        public void close() {
            closer.run();
        }
    }

    /** The connection is gone: stop listening, on every listener; those still being bound close once bound. */
    public void close() {
        closed = true;
        new ArrayList<>(listeners.values()).forEach(Channel::close);
        listeners.clear();
    }

    /**
     * Listeners close on the event loop; an agent socket's file is removed off it, once closed (epoll
     * removes its own; other transports may not).
     */
    private static void removeWhenClosed(Channel listener, Path file) {
        listener.closeFuture().addListener(closedListener -> GlobalEventExecutor.INSTANCE.execute(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("removing {}: {}", file, e.toString());
            }
        }));
    }

    private ForwardingRequest request(ForwardingRequest.Kind kind, String targetHost, int port, String path) {
        return new ForwardingRequest(kind, host.user(), host.connectionId(), host.remoteAddress(), targetHost, port, path, null,
                host.attachment());
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
