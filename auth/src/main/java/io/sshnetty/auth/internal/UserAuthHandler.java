package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.sshnetty.auth.AuthAttempt;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.AuthenticationPolicy;
import io.sshnetty.auth.internal.message.UserAuthBanner;
import io.sshnetty.auth.internal.message.UserAuthFailure;
import io.sshnetty.auth.internal.message.UserAuthInfoResponse;
import io.sshnetty.auth.internal.message.UserAuthRequest;
import io.sshnetty.auth.internal.message.UserAuthSuccess;
import io.sshnetty.auth.publickey.KeyRestrictions;
import io.sshnetty.transport.SshConnection;
import io.sshnetty.transport.internal.ProtocolErrorHandler;
import io.sshnetty.transport.internal.message.ServiceAccept;
import io.sshnetty.transport.internal.message.ServiceRequest;
import io.sshnetty.transport.internal.message.Unimplemented;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ssh-userauth service, RFC 4252. Accepts the service request, hands each authentication request to
 * the {@link AuthMethod} it names (a table built from {@link AuthConfig}), follows the
 * {@link AuthenticationPolicy} and the authenticators' {@link AuthDecision}s through partial successes, counts
 * failures, and on success records the {@link AuthenticatedUser} (with the application's attachment) and
 * replaces itself with the connection layer's handler.
 *
 * <p>Decisions are asynchronous; while one is pending, further requests wait in arrival order (a client
 * may send its next request before the answer to the previous one — RFC 4252 §5 does not forbid it).
 */
public final class UserAuthHandler extends ChannelInboundHandlerAdapter {
    public static final String SERVICE_NAME = "ssh-userauth";
    public static final String CONNECTION_SERVICE = "ssh-connection";
    /** Requests queued behind a pending decision; a client that pipelines more is misbehaving. */
    private static final int MAX_QUEUED_REQUESTS = 16;

    private static final Logger log = LoggerFactory.getLogger(UserAuthHandler.class);

    private final AuthConfig config;
    private final Supplier<ChannelHandler> connectionLayer;
    private final Map<String, AuthMethod> methods;
    private final AuthenticationPolicy policy;
    private final Queue<InboundPacket> queued = new ArrayDeque<>();
    /** The steps of the policy's chains done so far, in order (partial success, RFC 4252 §5.1). */
    private final List<String> completed = new ArrayList<>();
    /** Every method that succeeded, in order: the policy's steps and those an authenticator demanded. */
    private final List<String> succeeded = new ArrayList<>();

    private ChannelHandlerContext ctx;
    private AuthenticationContext context;
    private ScheduledFuture<?> graceTimer;
    private boolean serviceAccepted;
    private boolean deciding;
    private boolean done;
    private boolean bannerSent;
    private int failures;
    /** Publickey queries so far: the first {@link AuthConfig#maxPublicKeyQueries()} do not count as failures. */
    private int queries;
    /** Authentication requests and responses so far, whatever they came to. */
    private int requests;
    /** The last user refused by the user access list, so that the reason is logged once, not per request. */
    private String refusedUserLogged;
    private boolean noneSeen;
    /** The user of the first partial success: later factors must be for the same user. */
    private String partialUser;
    /** The method waiting for a method-specific message (keyboard-interactive's INFO_RESPONSE), and its request. */
    private AuthMethod conversing;
    private UserAuthRequest conversingRequest;
    private String keyFingerprint;
    /** The combined restrictions of the methods that succeeded so far; null while none has. */
    private KeyRestrictions restrictions;
    /**
     * The methods an authenticator's {@link AuthDecision.Partial} asks for next; while set, only these are
     * offered, and the next success meets the demand instead of advancing the policy's chain. Null when none.
     */
    private List<String> demanded;

    /**
     * @param connectionLayer creates the handler that replaces this one once the user is authenticated
     */
    public UserAuthHandler(AuthConfig config, Supplier<ChannelHandler> connectionLayer) {
        this.config = config;
        this.connectionLayer = connectionLayer;
        this.methods = config.createMethods();
        this.policy = config.policy();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.context = new AuthenticationContext(SshConnection.of(ctx.channel()));
        long graceMillis = config.loginGraceTime().toMillis();
        if (graceMillis > 0) {
            graceTimer = ctx.executor().schedule(() -> {
                log.info("[{}] Timeout before authentication for {}", context.connection(), describe(context.remoteAddress()));
                ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.BY_APPLICATION, "Timeout before authentication");
            }, graceMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelGraceTimer();
        abandonConversation();
        InboundPacket packet;
        while ((packet = queued.poll()) != null) {
            packet.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelGraceTimer();
        abandonConversation();
        super.channelInactive(ctx);
    }

    /**
     * The methods a client can continue with now: those a partial success demanded, else the policy's next
     * steps ("none" is never listed, RFC 4252 §5.2).
     */
    public List<String> methods() {
        List<String> next = new ArrayList<>(offered());
        next.remove(NoneMethod.NAME);
        return next;
    }

    /** The methods a request may use now. */
    private List<String> offered() {
        if (demanded == null) {
            return policy.next(completed);
        }
        return demanded.stream().filter(methods::containsKey).toList();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InboundPacket)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundPacket packet = (InboundPacket) msg;
        if (deciding || done) {
            if (done) {
                // RFC 4252 §5.1: requests after success are ignored; anything else waits for the next layer.
                packet.release();
                return;
            }
            if (queued.size() == MAX_QUEUED_REQUESTS) {
                packet.release();
                throw SshProtocolException.protocolError("too many authentication requests in flight");
            }
            queued.add(packet);
            return;
        }
        try {
            handle(packet);
        } finally {
            packet.release();
        }
    }

    /** Decodes one message and acts on it; its bytes are read only by the message's decoder. */
    private void handle(InboundPacket packet) {
        int number = packet.messageNumber();
        ByteBuf payload = packet.content();
        if (number == MessageNumbers.SERVICE_REQUEST) {
            ServiceRequest request = ServiceRequest.decode(payload);
            if (serviceAccepted || !SERVICE_NAME.equals(request.serviceName())) {
                throw new SshProtocolException(DisconnectReason.SERVICE_NOT_AVAILABLE,
                        "service not available: " + request.serviceName());
            }
            serviceAccepted = true;
            ctx.writeAndFlush(new ServiceAccept(SERVICE_NAME));
        } else if (number == MessageNumbers.USERAUTH_REQUEST) {
            if (!serviceAccepted) {
                throw SshProtocolException.protocolError("authentication request before service request");
            }
            if (tooManyRequests()) {
                return;
            }
            onRequest(UserAuthRequest.decode(payload));
        } else if (number == UserAuthInfoResponse.NUMBER && conversing != null) {
            if (tooManyRequests()) {
                return;
            }
            UserAuthInfoResponse response = UserAuthInfoResponse.decode(payload);
            AuthMethod method = conversing;
            conversing = null;
            UserAuthRequest started = conversingRequest;
            decide(method, started, start(() -> method.response(context, started, response)), false);
        } else if (number > MessageNumbers.USERAUTH_REQUEST && number <= MessageNumbers.USERAUTH_LAST) {
            throw SshProtocolException.protocolError("unexpected authentication message " + number);
        } else {
            // RFC 4252 §6: connection-protocol messages before authentication are not processed.
            ctx.writeAndFlush(new Unimplemented(packet.sequenceNumber()));
        }
    }

    private void onRequest(UserAuthRequest request) {
        if (!CONNECTION_SERVICE.equals(request.service())) {
            throw new SshProtocolException(DisconnectReason.SERVICE_NOT_AVAILABLE, "service not available: " + request.service());
        }
        if (partialUser != null && !partialUser.equals(request.user())) {
            // RFC 4252 §5 lets the user name change; like sshd we do not, once a factor has succeeded for one.
            throw SshProtocolException.protocolError("change of user name after partial success: " + partialUser
                    + " to " + request.user());
        }
        abandonConversation();
        if (config.banner() != null && !bannerSent) {
            // RFC 4252 §5.4: before authentication succeeds; sshd sends it in answer to the first request.
            bannerSent = true;
            ctx.write(new UserAuthBanner(config.banner()));
        }
        AuthMethod method = methods.get(request.method());
        if (method == null || !offered().contains(method.name())) {
            // The first "none" is how clients ask which methods exist; sshd does not count it as an attempt.
            boolean probe = NoneMethod.NAME.equals(request.method()) && !noneSeen;
            noneSeen |= NoneMethod.NAME.equals(request.method());
            if (!NoneMethod.NAME.equals(request.method())) {
                logAttempt(AuthAttempt.Outcome.FAILED, request.method(), request.user(), false, null);
            }
            fail(request, !probe);
            return;
        }
        // A publickey query only asks; such queries have their own budget (AuthConfig#maxPublicKeyQueries()).
        boolean query = request.body() instanceof UserAuthRequest.PublicKeyQuery;
        decide(method, request, start(() -> method.request(context, request)), query);
    }

    /**
     * A method's stage; an authenticator that throws instead of returning one fails the attempt like one
     * whose stage fails. A protocol error is the client's, and goes on to end the connection.
     */
    private static CompletionStage<MethodResult> start(Supplier<CompletionStage<MethodResult>> method) {
        try {
            return Objects.requireNonNull(method.get(), "the authenticator returned no stage");
        } catch (SshProtocolException clientError) {
            throw clientError;
        } catch (RuntimeException failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    /**
     * Disconnects once the connection has sent more authentication requests than allowed, whatever they
     * came to: requests that never count as failures (restarted conversations) must not go on for ever.
     */
    private boolean tooManyRequests() {
        if (++requests <= config.maxAuthRequests()) {
            return false;
        }
        log.info("[{}] too many authentication requests ({}) from {}", context.connection(), config.maxAuthRequests(),
                describe(context.remoteAddress()));
        ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                "Too many authentication requests");
        done = true;
        return true;
    }

    /**
     * Waits for the method's decision, then answers on the event loop: a failure after the user's failure
     * delay. A user the access list refuses gets the answers of a user who does not exist.
     */
    private void decide(AuthMethod method, UserAuthRequest request, CompletionStage<MethodResult> decision, boolean query) {
        deciding = true;
        long started = System.nanoTime();
        String refusal = refusal(request.user());
        decision.whenComplete((result, error) -> onEventLoop(() -> {
            try {
                settle(method, request, outcome(method, request, result, error), refusal, started, query);
            } catch (RuntimeException e) {
                ctx.fireExceptionCaught(e);
            }
        }));
    }

    /**
     * The method's result, or a failure when its authenticator failed: one WARN line naming the exception,
     * its stack trace only at DEBUG, since a client's input may be what made the authenticator throw.
     */
    private MethodResult outcome(AuthMethod method, UserAuthRequest request, MethodResult result, Throwable error) {
        if (error == null && result != null) {
            return result;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = cause == null ? "no decision" : LogText.escape(cause.toString());
        log.warn("[{}] {} authenticator failed for {}, attempt refused: {}", context.connection(), method.name(),
                LogText.escape(request.user()), why);
        if (cause != null && log.isDebugEnabled()) {
            log.debug("[{}] {} authenticator failure", context.connection(), method.name(), cause);
        }
        return MethodResult.of(AuthDecision.reject());
    }

    /** Answers on the event loop: a failure after the user's failure delay. */
    private void settle(AuthMethod method, UserAuthRequest request, MethodResult result, String refusal, long started,
            boolean query) {
        MethodResult outcome = result;
        if (refusal != null && !(outcome instanceof MethodResult.Reply reply && reply.awaitsResponse())) {
            // As sshd with an invalid user: a conversation may go on, but nothing succeeds or is confirmed.
            String detail = outcome instanceof MethodResult.Decided decided ? decided.logDetail() : null;
            outcome = new MethodResult.Decided(AuthDecision.invalidUser(), detail, null);
        }
        long wait = outcome instanceof MethodResult.Decided decided && !decided.decision().isSuccess()
                ? config.failureDelay().remainingNanos(request.user(), System.nanoTime() - started) : 0;
        MethodResult finalOutcome = outcome;
        if (wait > 0) {
            ctx.executor().schedule(() -> conclude(method, request, finalOutcome, query), wait, TimeUnit.NANOSECONDS);
        } else {
            conclude(method, request, outcome, query);
        }
    }

    /** Why the access list refuses {@code user} (logged once), or null. */
    private String refusal(String user) {
        InetAddress client = context.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        String refusal = config.userAccess().refusal(user, client);
        if (refusal != null && !user.equals(refusedUserLogged)) {
            refusedUserLogged = user;
            log.info("[{}] User {} from {} not allowed because {}", context.connection(), LogText.escape(user),
                    client == null ? String.valueOf(context.remoteAddress()) : client.getHostAddress(), refusal);
        }
        return refusal;
    }

    private void conclude(AuthMethod method, UserAuthRequest request, MethodResult result, boolean query) {
        deciding = false;
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            return;
        }
        // OpenSSH 10.6: the first queries are free, whatever their answer; later ones count as failed attempts.
        boolean counts = !query || ++queries > config.maxPublicKeyQueries();
        if (result instanceof MethodResult.Reply reply) {
            if (query && counts && countFailure(request)) {
                return;
            }
            if (reply.awaitsResponse()) {
                conversing = method;
                conversingRequest = request;
            }
            ctx.writeAndFlush(reply.message());
        } else {
            MethodResult.Decided decided = (MethodResult.Decided) result;
            if (decided.decision().isSuccess()) {
                accept(method, request, decided);
            } else {
                boolean invalidUser = decided.decision() instanceof AuthDecision.Reject reject && reject.invalidUser();
                logAttempt(AuthAttempt.Outcome.FAILED, method.name(), request.user(), invalidUser, decided.logDetail());
                fail(request, counts);
            }
        }
        drainQueued();
    }

    /**
     * A success: its restrictions join those before, its attachment (if any) replaces the one before, and a
     * {@link AuthDecision.Partial} demands more methods; the user is authenticated once no demand is open and
     * the policy's chain is complete.
     */
    private void accept(AuthMethod method, UserAuthRequest request, MethodResult.Decided result) {
        AuthDecision decision = result.decision();
        KeyRestrictions combined;
        try {
            combined = restrictions == null ? decision.restrictions() : restrictions.and(decision.restrictions());
        } catch (IllegalArgumentException conflict) {
            logAttempt(AuthAttempt.Outcome.FAILED, method.name(), request.user(), false, conflict.getMessage());
            fail(request, true);
            return;
        }
        restrictions = combined;
        if (result.keyFingerprint() != null) {
            keyFingerprint = result.keyFingerprint();
        }
        if (demanded != null) {
            demanded = null;
        } else {
            completed.add(method.name());
        }
        succeeded.add(method.name());
        partialUser = request.user();
        if (decision.attachment() != null) {
            context = new AuthenticationContext(context.connection(), decision.attachment());
        }
        if (decision instanceof AuthDecision.Partial partial) {
            demanded = partial.next();
            if (offered().isEmpty()) {
                log.warn("[{}] {} authenticator demands {} after a partial success, but none is enabled", context.connection(),
                        method.name(), demanded);
            }
        }
        method.accepted(result);
        boolean satisfied = demanded == null && policy.isSatisfiedBy(completed);
        logAttempt(satisfied ? AuthAttempt.Outcome.ACCEPTED : AuthAttempt.Outcome.PARTIAL, method.name(), request.user(),
                false, result.logDetail());
        if (satisfied) {
            succeed(request);
        } else {
            ctx.writeAndFlush(new UserAuthFailure(methods(), true));
        }
    }

    private void fail(UserAuthRequest request, boolean counts) {
        if (counts && countFailure(request)) {
            return;
        }
        ctx.writeAndFlush(new UserAuthFailure(methods(), false));
    }

    /** Counts a failed attempt; true when that was one too many and the connection is being disconnected. */
    private boolean countFailure(UserAuthRequest request) {
        if (++failures < config.maxAttempts()) {
            return false;
        }
        log.info("[{}] maximum authentication attempts exceeded for {} from {} ssh2", context.connection(), LogText.escape(request.user()),
                describe(context.remoteAddress()));
        ProtocolErrorHandler.disconnect(ctx.channel(), DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                "Too many authentication failures");
        done = true;
        return true;
    }

    private void succeed(UserAuthRequest request) {
        done = true;
        cancelGraceTimer();
        ctx.channel().attr(AuthenticatedUser.KEY).set(new AuthenticatedUser(request.user(), succeeded, keyFingerprint,
                restrictions == null ? KeyRestrictions.NONE : restrictions, context.attachment()));
        ctx.writeAndFlush(UserAuthSuccess.INSTANCE);
        InboundPacket packet;
        List<InboundPacket> later = new ArrayList<>();
        while ((packet = queued.poll()) != null) {
            later.add(packet);
        }
        ctx.pipeline().replace(this, "connection", connectionLayer.get());
        // Whatever the client sent right after its successful request belongs to the connection layer.
        for (InboundPacket next : later) {
            ctx.fireChannelRead(next);
        }
    }

    /**
     * One line per attempt, in sshd's words: "Failed password for invalid user U from A port P ssh2". As
     * sshd does, at INFO for logins, partial successes, password failures and invalid users; other failures
     * (a client trying its keys one by one) at DEBUG, sshd's VERBOSE.
     */
    private void logAttempt(AuthAttempt.Outcome outcome, String method, String user, boolean invalidUser, String detail) {
        boolean failed = outcome == AuthAttempt.Outcome.FAILED;
        Level level = !failed || invalidUser || "password".equals(method) ? Level.INFO : Level.DEBUG;
        if (log.isEnabledForLevel(level)) {
            String word = switch (outcome) {
                case ACCEPTED -> "Accepted";
                case PARTIAL -> "Partial";
                case FAILED -> "Failed";
            };
            log.atLevel(level).log("[{}] {} {} for {}{} from {} ssh2{}", context.connection(), word, method,
                    invalidUser ? "invalid user " : "", LogText.escape(user), describe(context.remoteAddress()), detail == null ? "" : ": " + detail);
        }
        ctx.fireUserEventTriggered(new AuthAttempt(user, method, outcome, invalidUser));
    }

    private void abandonConversation() {
        if (conversing != null) {
            conversing.abandon();
            conversing = null;
            conversingRequest = null;
        }
    }

    private void drainQueued() {
        while (!deciding && !done && ctx.channel().isActive()) {
            InboundPacket packet = queued.poll();
            if (packet == null) {
                return;
            }
            try {
                handle(packet);
            } catch (SshProtocolException e) {
                ctx.fireExceptionCaught(e);
                return;
            } finally {
                packet.release();
            }
        }
    }

    private void onEventLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    /** "ADDRESS port PORT", as sshd's log lines say it. */
    static String describe(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            return inet.getAddress().getHostAddress() + " port " + inet.getPort();
        }
        return String.valueOf(address);
    }
}
