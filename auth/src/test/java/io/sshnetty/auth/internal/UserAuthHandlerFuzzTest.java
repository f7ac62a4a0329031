package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.AuthenticationPolicy;
import io.sshnetty.auth.internal.message.UserAuthInfoResponse;
import io.sshnetty.auth.internal.message.UserAuthRequest;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.keyboard.Prompt;
import io.sshnetty.auth.password.PasswordAuthenticator;
import io.sshnetty.auth.publickey.ProvenPublicKey;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.SshProtocolException;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The whole ssh-userauth service, after a real key exchange over the in-process test client, fed a fuzzed
 * sequence of messages: well-formed requests of every method (some correctly signed, some right passwords,
 * conversations with matching and mismatching answers), mangled ones and stray message numbers. Whatever
 * comes, the server answers or disconnects with a protocol error: no exception other than
 * {@link SshProtocolException} reaches the pipeline, and no buffer leaks (the leak detector runs after each
 * corpus input in {@code mvn test}, and at the end of a campaign).
 */
class UserAuthHandlerFuzzTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey USER_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey OTHER_KEY = Ed25519HostKey.generate(RANDOM);
    private static final TransportConfig TRANSPORT = TransportConfig.of("SSH-2.0-sshnetty_fuzz", List.of(HOST_KEY));
    /** Messages per input: enough to exhaust every budget (attempts, queries) several ways. */
    private static final int MAX_MESSAGES = 48;
    private static final String[] USERS = {"alice", "bob", "mallory"};
    private static final String[] METHODS = {UserAuthRequest.NONE, UserAuthRequest.PASSWORD, UserAuthRequest.PUBLICKEY,
        UserAuthRequest.PUBLICKEY_HOSTBOUND, UserAuthRequest.KEYBOARD_INTERACTIVE, "hostbased", "gssapi-with-mic"};
    private static final String[] PASSWORDS = {"secret", "expired", "wrong", "fresh", ""};
    private static final String[] ANSWERS = {"123456", "4242", "wrong", ""};
    private static final String[] POLICIES = {"publickey,password publickey,keyboard-interactive password,keyboard-interactive",
        "publickey password keyboard-interactive", "publickey,publickey", "none"};

    @FuzzTest
    void messageSequence(FuzzedDataProvider data) {
        StrayExceptions stray = new StrayExceptions();
        boolean none = data.consumeBoolean();
        AuthConfig config = AuthConfig.builder().publicKey(PUBLIC_KEYS).password(PASSWORDS_CHECK)
                .keyboardInteractive(TWO_ROUNDS).allowNone(none)
                .policy(AuthenticationPolicy.parse(none ? data.pickValue(POLICIES) : data.pickValue(POLICIES_WITHOUT_NONE)))
                .failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO).maxPublicKeyQueries(data.consumeInt(0, 6))
                .signatureExecutor(Runnable::run).build();
        EmbeddedSshClient client = EmbeddedSshClient.connect(TRANSPORT, new UserAuthHandler(config, ConnectionLayer::new), stray);
        try {
            client.keyExchange("aes128-gcm@openssh.com", null);
            if (data.consumeBoolean()) {
                client.send(serviceRequest("ssh-userauth"));
            }
            for (int i = 0; i < MAX_MESSAGES && data.remainingBytes() > 0 && client.serverChannel().isActive(); i++) {
                client.send(nextMessage(data, client.sessionId()));
                drain(client);
                client.serverChannel().runPendingTasks();
                drain(client);
            }
            if (client.serverChannel().isActive() && client.serverChannel().pipeline().get(UserAuthHandler.class) != null) {
                // Liveness: whatever state the sequence left, a new request is answered (failure, success,
                // PK_OK-free "none" answer or a disconnect), so no decision was lost in a swallowed exception.
                client.send(new UserAuthRequest("alice", "ssh-connection", "none", UserAuthRequest.None.INSTANCE));
                InboundPacket answer = client.receive();
                assertNotNull(answer, "a request after the sequence went unanswered");
                answer.release();
                drain(client);
            }
            client.serverChannel().checkException();
        } finally {
            client.close();
        }
        assertEquals(List.of(), stray.seen, "exceptions other than protocol errors");
    }

    private static final String[] POLICIES_WITHOUT_NONE = {POLICIES[0], POLICIES[1], POLICIES[2]};

    private static SshMessage nextMessage(FuzzedDataProvider data, byte[] sessionId) {
        switch (data.consumeInt(0, 9)) {
            case 0:
                return serviceRequest(data.consumeBoolean() ? "ssh-userauth" : data.consumeString(20));
            case 1: {
                int number = data.consumeBoolean() ? data.consumeInt(50, 255) : data.pickValue(new int[] {5, 50, 60, 61, 80, 90});
                byte[] payload = data.consumeBytes(data.consumeInt(0, 400));
                return new RawMessage(number, out -> out.writeBytes(payload));
            }
            case 2: {
                int count = data.consumeInt(0, 3);
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    answers.add(data.consumeBoolean() ? data.pickValue(ANSWERS) : data.consumeString(40));
                }
                return new UserAuthInfoResponse(answers);
            }
            default:
                return request(data, sessionId);
        }
    }

    /** A well-formed request, as a client would build it, from the fuzzer's choices. */
    private static SshMessage request(FuzzedDataProvider data, byte[] sessionId) {
        String user = data.consumeInt(0, 7) == 0 ? data.consumeString(40) : data.pickValue(USERS);
        String service = data.consumeInt(0, 15) == 0 ? "ssh-userauth" : "ssh-connection";
        String method = data.pickValue(METHODS);
        UserAuthRequest.Body body;
        switch (method) {
            case UserAuthRequest.NONE:
                body = UserAuthRequest.None.INSTANCE;
                break;
            case UserAuthRequest.PASSWORD: {
                String password = data.consumeBoolean() ? data.pickValue(PASSWORDS) : data.consumeString(40);
                body = new UserAuthRequest.Password(password, data.consumeBoolean() ? data.pickValue(PASSWORDS) : null);
                break;
            }
            case UserAuthRequest.PUBLICKEY:
            case UserAuthRequest.PUBLICKEY_HOSTBOUND: {
                Ed25519HostKey key = data.consumeBoolean() ? USER_KEY : OTHER_KEY;
                byte[] blob = data.consumeInt(0, 7) == 0 ? data.consumeBytes(data.consumeInt(0, 80)) : key.publicKey().encoded();
                String algorithm = data.consumeInt(0, 7) == 0 ? "rsa-sha2-256" : "ssh-ed25519";
                byte[] hostKey = method.equals(UserAuthRequest.PUBLICKEY) ? null
                        : data.consumeBoolean() ? HOST_KEY.publicKey().encoded() : OTHER_KEY.publicKey().encoded();
                if (!data.consumeBoolean()) {
                    body = new UserAuthRequest.PublicKeyQuery(algorithm, blob, hostKey);
                    break;
                }
                byte[] signature;
                if (data.consumeBoolean()) {
                    UserAuthRequest unsigned = new UserAuthRequest(user, service, method,
                            new UserAuthRequest.PublicKeyQuery(algorithm, blob, hostKey));
                    signature = key.sign("ssh-ed25519", signedData(sessionId, unsigned));
                } else {
                    signature = data.consumeBytes(data.consumeInt(0, 100));
                }
                body = new UserAuthRequest.PublicKeyProof(algorithm, blob, hostKey, signature);
                break;
            }
            case UserAuthRequest.KEYBOARD_INTERACTIVE:
                body = new UserAuthRequest.KeyboardInteractive("", data.consumeBoolean() ? "" : data.consumeString(20));
                break;
            default:
                body = new UserAuthRequest.Unknown(data.consumeBytes(data.consumeInt(0, 60)));
        }
        return new UserAuthRequest(user, service, method, body);
    }

    /** RFC 4252 §7 and PROTOCOL §2.5, written out here so that the test does not trust the code it tests. */
    private static byte[] signedData(byte[] sessionId, UserAuthRequest request) {
        UserAuthRequest.PublicKeyBody key = (UserAuthRequest.PublicKeyBody) request.body();
        ByteBuf out = Unpooled.buffer();
        try {
            Wire.writeBytes(out, sessionId);
            out.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeUtf8(out, request.user());
            Wire.writeAscii(out, request.service());
            Wire.writeAscii(out, request.method());
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, key.algorithm());
            Wire.writeBytes(out, key.keyBlob());
            if (key.hostKey() != null) {
                Wire.writeBytes(out, key.hostKey());
            }
            byte[] data = new byte[out.readableBytes()];
            out.readBytes(data);
            return data;
        } finally {
            out.release();
        }
    }

    private static RawMessage serviceRequest(String name) {
        return new RawMessage(MessageNumbers.SERVICE_REQUEST, out -> Wire.writeUtf8(out, name));
    }

    private static void drain(EmbeddedSshClient client) {
        InboundPacket packet;
        while ((packet = client.receive()) != null) {
            packet.release();
        }
    }

    /** USER_KEY authenticates alice; for bob it is a partial success that demands his password. */
    private static final PublicKeyAuthenticator PUBLIC_KEYS = new PublicKeyAuthenticator() {
        @Override
        public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
            return CompletableFuture.completedFuture(!"mallory".equals(user) && key.equals(USER_KEY.publicKey()));
        }

        @Override
        public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
            return isAcceptable(context, user, key.key()).thenApply(ok -> !ok ? AuthDecision.reject()
                    : "bob".equals(user) ? AuthDecision.partial(List.of("password"), "bob's key") : AuthDecision.accept("alice's key"));
        }
    };

    /**
     * alice's password is "secret" (and checking "" throws); bob's has expired and must become "fresh", and his
     * "secret" is a partial success that demands keyboard-interactive; nobody else exists.
     */
    private static final PasswordAuthenticator PASSWORDS_CHECK = new PasswordAuthenticator() {
        @Override
        public CompletionStage<AuthDecision> authenticate(AuthenticationContext context, String user, String password) {
            AuthDecision result = !"alice".equals(user) && !"bob".equals(user) ? AuthDecision.invalidUser()
                    : "alice".equals(user) && "secret".equals(password) ? AuthDecision.accept()
                    : "alice".equals(user) && password.isEmpty() ? broken()
                    : "bob".equals(user) && "secret".equals(password) ? AuthDecision.partial("keyboard-interactive")
                    : "bob".equals(user) && "expired".equals(password) ? AuthDecision.changePassword("Password expired")
                    : AuthDecision.reject();
            return CompletableFuture.completedFuture(result);
        }

        @Override
        public CompletionStage<AuthDecision> changePassword(AuthenticationContext context, String user, String oldPassword,
                String newPassword) {
            boolean changed = "bob".equals(user) && "expired".equals(oldPassword) && "fresh".equals(newPassword);
            return CompletableFuture.completedFuture(changed ? AuthDecision.accept() : AuthDecision.reject());
        }
    };

    /** An authenticator's bug: fails the attempt, never the connection. */
    private static AuthDecision broken() {
        throw new IllegalStateException("authenticator bug");
    }

    /** Two rounds: a code (123456), then a PIN with two prompts (4242 twice); mallory does not exist. */
    private static final KeyboardInteractiveAuthenticator TWO_ROUNDS = (context, user, submethods) ->
            new KeyboardInteractiveAuthenticator.Conversation() {
                private int round;

                @Override
                public CompletionStage<AuthDecision> begin() {
                    round = 1;
                    return CompletableFuture.completedFuture(AuthDecision.ask("", "", List.of(Prompt.secret("Code: "))));
                }

                @Override
                public CompletionStage<AuthDecision> answer(List<String> responses) {
                    if ("mallory".equals(user)) {
                        return CompletableFuture.completedFuture(AuthDecision.invalidUser());
                    }
                    if (round == 1 && responses.equals(List.of("123456"))) {
                        round = 2;
                        return CompletableFuture.completedFuture(AuthDecision.ask("PIN", "Twice",
                                List.of(Prompt.secret("PIN: "), Prompt.visible("Again: "))));
                    }
                    boolean right = round == 2 && responses.equals(List.of("4242", "4242"));
                    return CompletableFuture.completedFuture(right ? AuthDecision.accept(context.attachment() + "+pin")
                            : AuthDecision.reject());
                }
            };

    /** Stands in for the connection layer once the user is authenticated. */
    private static final class ConnectionLayer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Sees every exception on its way to the error handler and keeps those that are not protocol errors. */
    private static final class StrayExceptions extends ChannelInboundHandlerAdapter {
        private final List<String> seen = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable error = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (!(error instanceof SshProtocolException)) {
                java.io.StringWriter trace = new java.io.StringWriter();
                error.printStackTrace(new java.io.PrintWriter(trace));
                seen.add(trace.toString());
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}
