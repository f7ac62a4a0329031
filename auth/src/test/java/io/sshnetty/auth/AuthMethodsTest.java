package io.sshnetty.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.auth.internal.AuthConfig;
import io.sshnetty.auth.internal.UserAuthHandler;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.keyboard.Prompt;
import io.sshnetty.auth.password.PasswordAuthenticator;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.auth.publickey.ProvenPublicKey;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.DisconnectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** password, keyboard-interactive, none, policies with partial success, banner and delays, over the test client. */
class AuthMethodsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey USER_KEY = Ed25519HostKey.generate(RANDOM);

    @TempDir
    Path dir;

    private final List<String> passwordCalls = new ArrayList<>();
    private EmbeddedSshClient client;

    /** alice's password is "secret"; carol's has expired; only alice and carol exist. */
    private final PasswordAuthenticator passwords = new PasswordAuthenticator() {
        @Override
        public CompletionStage<AuthDecision> authenticate(AuthenticationContext context, String user, String password) {
            passwordCalls.add(user + ":" + password);
            AuthDecision result;
            if (user.equals("alice")) {
                result = password.equals("secret") ? AuthDecision.accept() : AuthDecision.reject();
            } else if (user.equals("carol")) {
                result = password.equals("old") ? AuthDecision.changePassword("Password expired") : AuthDecision.reject();
            } else {
                result = AuthDecision.invalidUser();
            }
            return CompletableFuture.completedFuture(result);
        }

        @Override
        public CompletionStage<AuthDecision> changePassword(AuthenticationContext context, String user, String oldPassword,
                String newPassword) {
            passwordCalls.add(user + ":" + oldPassword + "->" + newPassword);
            if (!oldPassword.equals("old")) {
                return CompletableFuture.completedFuture(AuthDecision.reject());
            }
            return CompletableFuture.completedFuture(newPassword.length() >= 8 ? AuthDecision.accept()
                    : AuthDecision.changePassword("Too short"));
        }
    };

    /** A key for alice, any user. */
    private final PublicKeyAuthenticator keys = new PublicKeyAuthenticator() {
        @Override
        public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
            return CompletableFuture.completedFuture(key.equals(USER_KEY.publicKey()));
        }

        @Override
        public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
            return CompletableFuture.completedFuture(key.key().equals(USER_KEY.publicKey()) ? AuthDecision.accept() : AuthDecision.reject());
        }
    };

    /** Two rounds: a secret password, then a visible one-time code "123456". */
    private final KeyboardInteractiveAuthenticator twoRounds = (context, user, submethods) -> new KeyboardInteractiveAuthenticator.Conversation() {
        private int round;

        @Override
        public CompletionStage<AuthDecision> begin() {
            return CompletableFuture.completedFuture(AuthDecision.ask("Login", "Answer, please", List.of(Prompt.secret("Password: "))));
        }

        @Override
        public CompletionStage<AuthDecision> answer(List<String> responses) {
            round++;
            if (round == 1) {
                return CompletableFuture.completedFuture(responses.get(0).equals("secret")
                        ? AuthDecision.ask("", "", List.of(Prompt.visible("Code: "))) : AuthDecision.reject());
            }
            return CompletableFuture.completedFuture(responses.get(0).equals("123456") ? AuthDecision.accept() : AuthDecision.reject());
        }
    };

    private static final class ConnectionLayer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void connect(AuthConfig config) {
        client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new UserAuthHandler(config, ConnectionLayer::new));
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

    @Test
    void rightPasswordAuthenticatesAndIsRecordedAsTheMethod() {
        connect(noDelay().password(passwords).build());
        client.send(password("alice", "secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        AuthenticatedUser user = client.serverChannel().attr(AuthenticatedUser.KEY).get();
        assertEquals(List.of("password"), user.methods());
        assertNull(user.keyFingerprint());
        assertNotNull(client.serverChannel().pipeline().get(ConnectionLayer.class));
    }

    @Test
    void wrongPasswordIsAnsweredOnlyAfterTheFailureDelay() {
        connect(AuthConfig.builder().password(passwords).failureDelay(Duration.ofMillis(300)).failureDelayJitter(Duration.ZERO).build());
        client.serverChannel().freezeTime();
        client.send(password("alice", "wrong"));
        assertNull(client.receive(), "a failed password is not answered at once");
        client.serverChannel().advanceTimeBy(299, TimeUnit.MILLISECONDS);
        client.serverChannel().runScheduledPendingTasks();
        assertNull(client.receive(), "nor before the delay is over");
        client.serverChannel().advanceTimeBy(1, TimeUnit.MILLISECONDS);
        client.serverChannel().runScheduledPendingTasks();
        expectFailure(List.of("password"), false);
    }

    @Test
    void unknownUserGetsTheAnswerOfAWrongPasswordAfterTheSameDelay() {
        connect(AuthConfig.builder().password(passwords).failureDelay(Duration.ofMillis(300)).failureDelayJitter(Duration.ZERO).build());
        client.serverChannel().freezeTime();
        client.send(password("mallory", "secret"));
        assertNull(client.receive());
        client.serverChannel().advanceTimeBy(300, TimeUnit.MILLISECONDS);
        client.serverChannel().runScheduledPendingTasks();
        expectFailure(List.of("password"), false);
    }

    @Test
    void requestsThatArriveDuringTheDelayWaitTheirTurn() {
        connect(AuthConfig.builder().password(passwords).failureDelay(Duration.ofMillis(300)).failureDelayJitter(Duration.ZERO).build());
        client.serverChannel().freezeTime();
        client.send(password("alice", "wrong"));
        client.send(password("alice", "secret"));
        assertNull(client.receive());
        client.serverChannel().advanceTimeBy(300, TimeUnit.MILLISECONDS);
        client.serverChannel().runScheduledPendingTasks();
        expectFailure(List.of("password"), false);
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void expiredPasswordIsAnsweredWithChangeRequestAndANewOneAccepted() {
        connect(noDelay().password(passwords).build());
        client.send(password("carol", "old"));
        client.expect(60, in -> {
            in.skipBytes(1);
            assertEquals("Password expired", Wire.readUtf8(in));
        });
        client.send(passwordChange("carol", "old", "short"));
        client.expect(60, in -> {
            in.skipBytes(1);
            assertEquals("Too short", Wire.readUtf8(in));
        });
        client.send(passwordChange("carol", "old", "long enough"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(List.of("carol:old", "carol:old->short", "carol:old->long enough"), passwordCalls);
    }

    @Test
    void passwordChangeIsRefusedByDefault() {
        PasswordAuthenticator plain = (context, user, password) -> CompletableFuture.completedFuture(AuthDecision.reject());
        connect(noDelay().password(plain).build());
        client.send(passwordChange("alice", "a", "b"));
        expectFailure(List.of("password"), false);
    }

    @Test
    void keyboardInteractiveHoldsSeveralRoundsWithTheirEchoFlags() {
        connect(noDelay().keyboardInteractive(twoRounds).build());
        client.send(keyboardInteractive("alice"));
        client.expect(60, in -> {
            in.skipBytes(1);
            assertEquals("Login", Wire.readUtf8(in));
            assertEquals("Answer, please", Wire.readUtf8(in));
            Wire.readUtf8(in);
            assertEquals(1, Wire.readUint32(in));
            assertEquals("Password: ", Wire.readUtf8(in));
            assertFalse(Wire.readBoolean(in), "a password is not echoed");
        });
        client.send(infoResponse("secret"));
        client.expect(60, in -> {
            in.skipBytes(1);
            Wire.readUtf8(in);
            Wire.readUtf8(in);
            Wire.readUtf8(in);
            assertEquals(1, Wire.readUint32(in));
            assertEquals("Code: ", Wire.readUtf8(in));
            assertTrue(Wire.readBoolean(in));
        });
        client.send(infoResponse("123456"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(List.of("keyboard-interactive"), client.serverChannel().attr(AuthenticatedUser.KEY).get().methods());
    }

    @Test
    void keyboardInteractiveWrongAnswerFails() {
        connect(noDelay().keyboardInteractive(KeyboardInteractiveAuthenticator.password(passwords)).build());
        client.send(keyboardInteractive("alice"));
        client.expect(60, in -> { });
        client.send(infoResponse("wrong"));
        expectFailure(List.of("keyboard-interactive"), false);
        client.send(keyboardInteractive("alice"));
        client.expect(60, in -> { });
        client.send(infoResponse("secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void keyboardInteractiveAnswersThatDoNotMatchThePromptsFail() {
        connect(noDelay().keyboardInteractive(twoRounds).build());
        client.send(keyboardInteractive("alice"));
        client.expect(60, in -> { });
        client.send(infoResponse("secret", "extra"));
        expectFailure(List.of("keyboard-interactive"), false);
    }

    @Test
    void infoResponseOutsideAConversationIsAProtocolError() {
        connect(noDelay().keyboardInteractive(twoRounds).build());
        client.send(infoResponse("secret"));
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(DisconnectReason.PROTOCOL_ERROR.code(),
                Disconnect.decode(in).reasonCode()));
    }

    @Test
    void newRequestAbandonsAConversation() {
        connect(noDelay().keyboardInteractive(twoRounds).password(passwords).build());
        client.send(keyboardInteractive("alice"));
        client.expect(60, in -> { });
        client.send(password("alice", "secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void noneAuthenticatesOnlyWhenAllowed() {
        connect(noDelay().password(passwords).build());
        client.send(none("alice"));
        expectFailure(List.of("password"), false);
        client.close();
        connect(noDelay().allowNone(true).build());
        client.send(none("alice"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(List.of("none"), client.serverChannel().attr(AuthenticatedUser.KEY).get().methods());
    }

    @Test
    void secondFactorFollowsPartialSuccessOfTheFirst() {
        connect(noDelay().publicKey(keys).password(passwords).keyboardInteractive(twoRounds)
                .policy(AuthenticationPolicy.parse("publickey,password publickey,keyboard-interactive")).build());
        client.send(none("alice"));
        expectFailure(List.of("publickey"), false);
        client.send(password("alice", "secret"));
        expectFailure(List.of("publickey"), false);
        client.send(signed("alice", USER_KEY, client.sessionId()));
        expectFailure(List.of("password", "keyboard-interactive"), true);
        client.send(password("alice", "wrong"));
        expectFailure(List.of("password", "keyboard-interactive"), false);
        client.send(password("alice", "secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        AuthenticatedUser user = client.serverChannel().attr(AuthenticatedUser.KEY).get();
        assertEquals(List.of("publickey", "password"), user.methods());
        assertTrue(user.keyFingerprint().startsWith("SHA256:"));
    }

    @Test
    void anotherUserAfterPartialSuccessIsDisconnected() {
        connect(noDelay().publicKey(keys).password(passwords).policy(AuthenticationPolicy.parse("publickey,password")).build());
        client.send(signed("alice", USER_KEY, client.sessionId()));
        expectFailure(List.of("password"), true);
        client.send(password("carol", "old"));
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(DisconnectReason.PROTOCOL_ERROR.code(),
                Disconnect.decode(in).reasonCode()));
    }

    @Test
    void bannerComesBeforeTheFirstAnswerOnly() {
        connect(noDelay().password(passwords).banner("Authorized use only\r\n").build());
        client.send(none("alice"));
        client.expect(MessageNumbers.USERAUTH_BANNER, in -> {
            in.skipBytes(1);
            assertEquals("Authorized use only\r\n", Wire.readUtf8(in));
        });
        expectFailure(List.of("password"), false);
        client.send(password("alice", "secret"));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void sixthWrongPasswordDisconnects() {
        connect(noDelay().password(passwords).build());
        client.send(none("alice"));
        expectFailure(List.of("password"), false);
        for (int attempt = 1; attempt < 6; attempt++) {
            client.send(password("alice", "wrong" + attempt));
            expectFailure(List.of("password"), false);
        }
        client.send(password("alice", "wrong6"));
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(
                DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE.code(), Disconnect.decode(in).reasonCode()));
    }

    @Test
    void authorizedKeysOptionsReachTheAuthenticatedUser() throws Exception {
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, "restrict,pty,command=\"echo hi\",environment=\"A=b\" "
                + PublicKeys.format(USER_KEY.publicKey(), "alice") + "\n");
        connect(noDelay().publicKey(AuthorizedKeysAuthenticator.forFile(file, "alice").withExecutor(Runnable::run)).build());
        client.send(signed("alice", USER_KEY, client.sessionId()));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        AuthenticatedUser user = client.serverChannel().attr(AuthenticatedUser.KEY).get();
        assertEquals("echo hi", user.restrictions().forcedCommand());
        assertTrue(user.restrictions().permitPty());
        assertFalse(user.restrictions().permitPortForwarding());
        assertEquals(List.of("A=b"), user.restrictions().environment());
    }

    @Test
    void hostBoundSignatureOverThisServersHostKeyAuthenticatesAsPublickey() {
        connect(noDelay().publicKey(keys).build());
        client.send(hostBound("alice", USER_KEY, client.sessionId(), HOST_KEY.publicKey().encoded()));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(List.of("publickey"), client.serverChannel().attr(AuthenticatedUser.KEY).get().methods());
    }

    @Test
    void hostBoundRequestNamingAnotherHostKeyIsRefused() {
        connect(noDelay().publicKey(keys).build());
        byte[] otherHost = Ed25519HostKey.generate(RANDOM).publicKey().encoded();
        client.send(hostBound("alice", USER_KEY, client.sessionId(), otherHost));
        expectFailure(List.of("publickey"), false);
    }

    @Test
    void hostBoundSignatureOverPlainPublickeyDataIsRefused() {
        connect(noDelay().publicKey(keys).build());
        RawMessage plain = signed("alice", USER_KEY, client.sessionId());
        // The plain request's signature, sent in a host-bound request: what was signed differs.
        ByteBuf encoded = Unpooled.buffer();
        plain.encode(encoded);
        encoded.skipBytes(1);
        Wire.readUtf8(encoded);
        Wire.readAscii(encoded);
        Wire.readAscii(encoded);
        Wire.readBoolean(encoded);
        Wire.readAscii(encoded);
        Wire.readBytes(encoded);
        byte[] signature = Wire.readBytes(encoded);
        encoded.release();
        client.send(request("alice", "publickey-hostbound-v00@openssh.com", out -> {
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, "ssh-ed25519");
            Wire.writeBytes(out, USER_KEY.publicKey().encoded());
            Wire.writeBytes(out, HOST_KEY.publicKey().encoded());
            Wire.writeBytes(out, signature);
        }));
        expectFailure(List.of("publickey"), false);
    }

    @Test
    void policyNamingADisabledMethodIsRefusedAtConfiguration() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> noDelay().publicKey(keys).policy(AuthenticationPolicy.parse("publickey,password")).build());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    private void expectFailure(List<String> methods, boolean partial) {
        client.expect(MessageNumbers.USERAUTH_FAILURE, in -> {
            in.skipBytes(1);
            assertEquals(methods, Wire.readNameList(in));
            assertEquals(partial, Wire.readBoolean(in), "partial success");
        });
    }

    static RawMessage request(String user, String method, Consumer<ByteBuf> fields) {
        return new RawMessage(MessageNumbers.USERAUTH_REQUEST, out -> {
            Wire.writeUtf8(out, user);
            Wire.writeAscii(out, "ssh-connection");
            Wire.writeAscii(out, method);
            fields.accept(out);
        });
    }

    static RawMessage none(String user) {
        return request(user, "none", out -> { });
    }

    static RawMessage password(String user, String password) {
        return request(user, "password", out -> {
            Wire.writeBoolean(out, false);
            Wire.writeUtf8(out, password);
        });
    }

    private static RawMessage passwordChange(String user, String oldPassword, String newPassword) {
        return request(user, "password", out -> {
            Wire.writeBoolean(out, true);
            Wire.writeUtf8(out, oldPassword);
            Wire.writeUtf8(out, newPassword);
        });
    }

    static RawMessage keyboardInteractive(String user) {
        return request(user, "keyboard-interactive", out -> {
            Wire.writeUtf8(out, "");
            Wire.writeUtf8(out, "");
        });
    }

    static RawMessage infoResponse(String... responses) {
        return new RawMessage(61, out -> {
            out.writeInt(responses.length);
            for (String response : responses) {
                Wire.writeUtf8(out, response);
            }
        });
    }

    /** OpenSSH's host-bound variant: the request and the signed data carry the server's host key after the user's. */
    private static RawMessage hostBound(String user, Ed25519HostKey key, byte[] sessionId, byte[] hostKey) {
        String method = "publickey-hostbound-v00@openssh.com";
        ByteBuf data = Unpooled.buffer();
        Wire.writeBytes(data, sessionId);
        data.writeByte(MessageNumbers.USERAUTH_REQUEST);
        Wire.writeUtf8(data, user);
        Wire.writeAscii(data, "ssh-connection");
        Wire.writeAscii(data, method);
        Wire.writeBoolean(data, true);
        Wire.writeAscii(data, "ssh-ed25519");
        Wire.writeBytes(data, key.publicKey().encoded());
        Wire.writeBytes(data, hostKey);
        byte[] toSign = new byte[data.readableBytes()];
        data.readBytes(toSign);
        data.release();
        byte[] signature = key.sign("ssh-ed25519", toSign);
        return request(user, method, out -> {
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, "ssh-ed25519");
            Wire.writeBytes(out, key.publicKey().encoded());
            Wire.writeBytes(out, hostKey);
            Wire.writeBytes(out, signature);
        });
    }

    /** RFC 4252 §7: the signature covers the session id and the request. */
    static RawMessage signed(String user, Ed25519HostKey key, byte[] sessionId) {
        ByteBuf data = Unpooled.buffer();
        Wire.writeBytes(data, sessionId);
        data.writeByte(MessageNumbers.USERAUTH_REQUEST);
        Wire.writeUtf8(data, user);
        Wire.writeAscii(data, "ssh-connection");
        Wire.writeAscii(data, "publickey");
        Wire.writeBoolean(data, true);
        Wire.writeAscii(data, "ssh-ed25519");
        Wire.writeBytes(data, key.publicKey().encoded());
        byte[] toSign = new byte[data.readableBytes()];
        data.readBytes(toSign);
        data.release();
        byte[] signature = key.sign("ssh-ed25519", toSign);
        return request(user, "publickey", out -> {
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, "ssh-ed25519");
            Wire.writeBytes(out, key.publicKey().encoded());
            Wire.writeBytes(out, signature);
        });
    }
}
