package io.sshnetty.auth;

import io.sshnetty.auth.internal.AuthConfig;
import io.sshnetty.auth.internal.UserAuthHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.keyboard.Prompt;
import io.sshnetty.auth.password.PasswordAuthenticator;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.auth.publickey.ProvenPublicKey;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.sshnetty.auth.AuthMethodsTest.infoResponse;
import static io.sshnetty.auth.AuthMethodsTest.keyboardInteractive;
import static io.sshnetty.auth.AuthMethodsTest.password;
import static io.sshnetty.auth.AuthMethodsTest.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of {@link AuthDecision} through {@link UserAuthHandler}, and the attachment's way to AuthenticatedUser. */
class AuthDecisionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey USER_KEY = Ed25519HostKey.generate(RANDOM);

    /** What an application might attach: the tenant an account belongs to. */
    record Tenant(String name) {
    }

    @TempDir
    Path dir;

    private final List<AuthAttempt> attempts = new ArrayList<>();
    private EmbeddedSshClient client;

    private static final class ConnectionLayer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Records the attempts the handler reports, as the server's registry counts them. */
    private final class AttemptRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof AuthAttempt attempt) {
                attempts.add(attempt);
            }
            ctx.fireUserEventTriggered(event);
        }
    }

    private void connect(AuthConfig config) {
        client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new UserAuthHandler(config, ConnectionLayer::new), new AttemptRecorder());
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.send(new RawMessage(MessageNumbers.SERVICE_REQUEST, out -> Wire.writeAscii(out, "ssh-userauth")));
        client.expect(MessageNumbers.SERVICE_ACCEPT, in -> { });
    }

    private static AuthConfig.Builder noDelay() {
        return AuthConfig.builder().failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO).signatureExecutor(Runnable::run);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private AuthenticatedUser authenticated() {
        return client.serverChannel().attr(AuthenticatedUser.KEY).get();
    }

    private List<AuthAttempt.Outcome> outcomes() {
        return attempts.stream().map(AuthAttempt::outcome).toList();
    }

    /** A keyboard-interactive conversation of one round that accepts the code "123456" with {@code decision}. */
    private static KeyboardInteractiveAuthenticator code(java.util.function.Function<AuthenticationContext, AuthDecision> decision) {
        return (context, user, submethods) -> new KeyboardInteractiveAuthenticator.Conversation() {
            @Override
            public CompletionStage<AuthDecision> begin() {
                return CompletableFuture.completedFuture(AuthDecision.ask(Prompt.visible("Code: ")));
            }

            @Override
            public CompletionStage<AuthDecision> answer(List<String> responses) {
                return CompletableFuture.completedFuture(responses.get(0).equals("123456") ? decision.apply(context)
                        : AuthDecision.reject());
            }
        };
    }

    /** A key authenticator that accepts USER_KEY with {@code decision}. */
    private static PublicKeyAuthenticator userKey(AuthDecision decision) {
        return PublicKeyAuthenticator.immediate((context, user, key) -> key.equals(USER_KEY.publicKey())
                ? decision : AuthDecision.reject());
    }

    private void answerCode(String code) {
        client.send(keyboardInteractive("alice"));
        client.expect(60, in -> { });
        client.send(infoResponse(code));
    }

    @Test
    void acceptedPasswordCarriesItsAttachmentToTheAuthenticatedUser() {
        PasswordAuthenticator passwords = (context, user, password) -> CompletableFuture.completedFuture(
                password.equals("secret") ? AuthDecision.accept(new Tenant("acme")) : AuthDecision.reject());
        connect(noDelay().password(passwords).build());
        client.send(password("alice", "secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(Optional.of(new Tenant("acme")), authenticated().attachment(Tenant.class));
        assertEquals(List.of(AuthAttempt.Outcome.ACCEPTED), outcomes());
    }

    @Test
    void attachmentOfAnotherTypeIsAClassCastNotAnEmptyAnswer() {
        AuthenticatedUser user = new AuthenticatedUser("alice", List.of("password"), null,
                io.sshnetty.auth.publickey.KeyRestrictions.NONE, new Tenant("acme"));
        assertThrows(ClassCastException.class, () -> user.attachment(String.class));
        assertEquals(Optional.empty(), new AuthenticatedUser("bob", List.of("none"), null).attachment(Tenant.class));
    }

    @Test
    void acceptedKeyCarriesTheLinesRestrictionsAndTheAttachmentOfWithAttachment() throws Exception {
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, "no-pty " + PublicKeys.format(USER_KEY.publicKey(), "alice") + "\n");
        PublicKeyAuthenticator keys = AuthorizedKeysAuthenticator.forFile(file, "alice").withExecutor(Runnable::run)
                .withAttachment((context, user) -> new Tenant("tenant of " + user));
        connect(noDelay().publicKey(keys).build());
        client.send(signed("alice", USER_KEY, client.sessionId()));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertFalse(authenticated().restrictions().permitPty());
        assertEquals(Optional.of(new Tenant("tenant of alice")), authenticated().attachment(Tenant.class));
    }

    @Test
    void rejectionIsAFailureAndAnInvalidUserIsReportedAsOne() {
        PasswordAuthenticator passwords = (context, user, password) -> CompletableFuture.completedFuture(
                user.equals("alice") ? AuthDecision.reject() : AuthDecision.invalidUser());
        connect(noDelay().password(passwords).build());
        client.send(password("alice", "wrong"));
        expectFailure(List.of("password"), false);
        client.send(password("ghost", "wrong"));
        expectFailure(List.of("password"), false);
        assertEquals(List.of(false, true), attempts.stream().map(AuthAttempt::invalidUser).toList());
        assertEquals(List.of(AuthAttempt.Outcome.FAILED, AuthAttempt.Outcome.FAILED), outcomes());
    }

    @Test
    void invalidUserFromAKeyAuthorizerIsReportedAsOne() {
        PublicKeyAuthenticator keys = new PublicKeyAuthenticator() {
            @Override
            public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
                return CompletableFuture.completedFuture(true);
            }

            @Override
            public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
                return CompletableFuture.completedFuture(AuthDecision.invalidUser());
            }
        };
        connect(noDelay().publicKey(keys).build());
        client.send(signed("ghost", USER_KEY, client.sessionId()));
        expectFailure(List.of("publickey"), false);
        assertTrue(attempts.get(0).invalidUser());
    }

    @Test
    void partialSuccessOffersOnlyTheDemandedMethodsThenAuthenticates() {
        PasswordAuthenticator passwords = (context, user, password) -> CompletableFuture.completedFuture(
                password.equals("secret") ? AuthDecision.partial("keyboard-interactive") : AuthDecision.reject());
        connect(noDelay().password(passwords).keyboardInteractive(code(context -> AuthDecision.accept())).build());
        client.send(password("alice", "secret"));
        expectFailure(List.of("keyboard-interactive"), true);
        client.send(password("alice", "secret"));
        expectFailure(List.of("keyboard-interactive"), false);
        assertNull(authenticated(), "a demanded method is not optional");
        answerCode("123456");
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(List.of("password", "keyboard-interactive"), authenticated().methods());
        assertEquals(List.of(AuthAttempt.Outcome.PARTIAL, AuthAttempt.Outcome.FAILED, AuthAttempt.Outcome.ACCEPTED),
                outcomes());
    }

    @Test
    void partialSuccessComesOnTopOfThePolicysChain() {
        PasswordAuthenticator passwords = (context, user, password) -> CompletableFuture.completedFuture(
                password.equals("secret") ? AuthDecision.accept() : AuthDecision.reject());
        connect(noDelay().publicKey(userKey(AuthDecision.partial("keyboard-interactive"))).password(passwords)
                .keyboardInteractive(code(context -> AuthDecision.accept()))
                .policy(AuthenticationPolicy.parse("publickey,password")).build());
        client.send(signed("alice", USER_KEY, client.sessionId()));
        expectFailure(List.of("keyboard-interactive"), true);
        answerCode("123456");
        expectFailure(List.of("password"), true);
        client.send(password("alice", "secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(List.of("publickey", "keyboard-interactive", "password"), authenticated().methods());
    }

    @Test
    void theLastAttachmentGivenWinsAndLaterAuthenticatorsSeeTheOneBefore() {
        List<Object> seenByPassword = new ArrayList<>();
        PasswordAuthenticator passwords = (context, user, password) -> {
            seenByPassword.add(context.attachment());
            return CompletableFuture.completedFuture(AuthDecision.accept()); // no attachment: keeps the key's
        };
        connect(noDelay().publicKey(userKey(AuthDecision.accept(new Tenant("acme")))).password(passwords)
                .keyboardInteractive(code(context -> AuthDecision.accept(
                        new Tenant(context.attachment(Tenant.class).orElseThrow().name() + "+otp"))))
                .policy(AuthenticationPolicy.parse("publickey,password,keyboard-interactive")).build());
        client.send(signed("alice", USER_KEY, client.sessionId()));
        expectFailure(List.of("password"), true);
        client.send(password("alice", "secret"));
        expectFailure(List.of("keyboard-interactive"), true);
        assertEquals(List.of(new Tenant("acme")), seenByPassword);
        answerCode("123456");
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(Optional.of(new Tenant("acme+otp")), authenticated().attachment(Tenant.class));
    }

    @Test
    void askFromAKeyAuthorizerIsARefusal() {
        PublicKeyAuthenticator keys = new PublicKeyAuthenticator() {
            @Override
            public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
                return CompletableFuture.completedFuture(true);
            }

            @Override
            public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
                return CompletableFuture.completedFuture(AuthDecision.ask(Prompt.visible("Why? ")));
            }
        };
        connect(noDelay().publicKey(keys).build());
        client.send(signed("alice", USER_KEY, client.sessionId()));
        expectFailure(List.of("publickey"), false);
        assertNull(authenticated());
    }

    @Test
    void askFromAPasswordAuthenticatorIsAPasswordChangeRequest() {
        connect(noDelay().password((context, user, password) -> CompletableFuture.completedFuture(
                AuthDecision.changePassword("Password expired"))).build());
        client.send(password("alice", "old"));
        client.expect(60, in -> { // SSH_MSG_USERAUTH_PASSWD_CHANGEREQ
            in.skipBytes(1);
            assertEquals("Password expired", Wire.readUtf8(in));
        });
    }

    /**
     * An authenticator that throws, fails its stage, returns no stage or completes with no decision fails the
     * attempt like a wrong password; the connection goes on, and the log has one line, no stack trace.
     */
    @Test
    void authenticatorThatThrowsOrAnswersNothingFailsTheAttemptCleanly() {
        PasswordAuthenticator broken = (context, user, password) -> switch (password) {
            case "throw" -> throw new IllegalStateException("boom\nforged log line");
            case "fail" -> CompletableFuture.failedFuture(new IllegalStateException("failed stage"));
            case "no stage" -> null;
            case "no decision" -> CompletableFuture.completedFuture(null);
            default -> CompletableFuture.completedFuture(AuthDecision.accept());
        };
        connect(noDelay().password(broken).build());
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            for (String password : List.of("throw", "fail", "no stage", "no decision")) {
                client.send(password("alice", password));
                expectFailure(List.of("password"), false);
            }
        } finally {
            System.setErr(err);
        }
        client.send(password("alice", "secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("password authenticator failed for alice, attempt refused: "
                + "java.lang.IllegalStateException: boom\\x0aforged log line"), logged);
        assertFalse(logged.contains("\tat "), "no stack trace: " + logged);
        assertFalse(logged.contains("\nforged"), "no line of the client's making: " + logged);
    }

    private void expectFailure(List<String> methods, boolean partial) {
        client.expect(MessageNumbers.USERAUTH_FAILURE, in -> {
            in.skipBytes(1);
            assertEquals(methods, Wire.readNameList(in));
            assertEquals(partial, Wire.readBoolean(in), "partial success");
        });
    }
}
