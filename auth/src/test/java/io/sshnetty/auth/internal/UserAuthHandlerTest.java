package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.publickey.ProvenPublicKey;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ssh-userauth driven in-process over encrypted transport by the test client. */
class UserAuthHandlerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey USER_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey OTHER_KEY = Ed25519HostKey.generate(RANDOM);

    private final List<String> calls = new ArrayList<>();
    private EmbeddedSshClient client;

    /** Accepts USER_KEY for "alice" and records which step was asked. */
    private final PublicKeyAuthenticator authenticator = new PublicKeyAuthenticator() {
        @Override
        public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
            calls.add("offered " + user);
            return CompletableFuture.completedFuture("alice".equals(user) && key.equals(USER_KEY.publicKey()));
        }

        @Override
        public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
            calls.add("proven " + user);
            boolean alices = "alice".equals(user) && key.key().equals(USER_KEY.publicKey());
            return CompletableFuture.completedFuture(alices ? AuthDecision.accept() : AuthDecision.reject());
        }
    };

    /** Stands in for the connection layer: records that it was installed. */
    private static final class ConnectionLayer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @BeforeEach
    void connect() {
        // Every query counts as an attempt here (OpenSSH before 10.6), and failures are answered at once.
        AuthConfig config = AuthConfig.builder().publicKey(authenticator).maxAttempts(6).loginGraceTime(Duration.ofSeconds(120))
                .maxPublicKeyQueries(0).failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO)
                .signatureExecutor(Runnable::run).build();
        client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new UserAuthHandler(config, ConnectionLayer::new));
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.send(new RawMessage(MessageNumbers.SERVICE_REQUEST, out -> Wire.writeAscii(out, "ssh-userauth")));
        client.expect(MessageNumbers.SERVICE_ACCEPT, in -> {
            in.skipBytes(1);
            assertEquals("ssh-userauth", Wire.readAscii(in));
        });
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void noneIsAnsweredWithTheMethodsThatCanContinue() {
        client.send(request("alice", "none", out -> { }));
        expectFailure();
    }

    @Test
    void offeredKeyIsAnsweredWithPkOkOnlyWhenAcceptable() {
        client.send(query("alice", USER_KEY));
        client.expect(MessageNumbers.USERAUTH_PK_OK, in -> {
            in.skipBytes(1);
            assertEquals("ssh-ed25519", Wire.readAscii(in));
        });
        client.send(query("alice", OTHER_KEY));
        expectFailure();
        assertEquals(List.of("offered alice", "offered alice"), calls, "a query never reaches the proven step");
    }

    @Test
    void signatureOverTheSessionIdAuthenticatesAndInstallsTheConnectionLayer() {
        client.send(signed("alice", USER_KEY, client.sessionId()));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertNotNull(client.serverChannel().pipeline().get(ConnectionLayer.class));
        assertNull(client.serverChannel().pipeline().get(UserAuthHandler.class));
        AuthenticatedUser user = client.serverChannel().attr(AuthenticatedUser.KEY).get();
        assertEquals("alice", user.user());
        assertEquals(List.of("publickey"), user.methods());
        assertTrue(user.keyFingerprint().startsWith("SHA256:"));
    }

    @Test
    void signatureOverAnotherSessionIdIsRefused() {
        byte[] wrongSession = client.sessionId();
        wrongSession[0] ^= 1;
        client.send(signed("alice", USER_KEY, wrongSession));
        expectFailure();
        assertFalse(calls.contains("proven alice"), "a bad signature never reaches the authenticator");
    }

    @Test
    void provenKeyOfAnotherUserIsRefused() {
        client.send(signed("bob", USER_KEY, client.sessionId()));
        expectFailure();
    }

    @Test
    void sixthFailureDisconnectsWithNoMoreAuthMethods() {
        for (int attempt = 1; attempt < 6; attempt++) {
            client.send(query("alice", OTHER_KEY));
            expectFailure();
        }
        client.send(query("alice", OTHER_KEY));
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(
                DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE.code(), Disconnect.decode(in).reasonCode()));
    }

    @Test
    void unknownServiceIsRefusedWithServiceNotAvailable() {
        client.send(new RawMessage(MessageNumbers.USERAUTH_REQUEST, out -> {
            Wire.writeUtf8(out, "alice");
            Wire.writeAscii(out, "ssh-nonsense");
            Wire.writeAscii(out, "none");
        }));
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(
                DisconnectReason.SERVICE_NOT_AVAILABLE.code(), Disconnect.decode(in).reasonCode()));
    }

    @Test
    void userNamesAreLoggedWithLineBreaksAndControlCharactersEscaped() {
        assertEquals("alice", LogText.escape("alice"));
        assertEquals("ünïcödé", LogText.escape("ünïcödé"));
        assertEquals("x\\x0aAccepted password for root", LogText.escape("x\nAccepted password for root"));
        assertEquals("a\\x0d\\x00\\x1b[31m\\x7f\\x85\\u2028\\\\", LogText.escape("a\r\u0000\u001b[31m\u007f\u0085\u2028\\"));
    }

    private void expectFailure() {
        client.expect(MessageNumbers.USERAUTH_FAILURE, in -> {
            in.skipBytes(1);
            assertEquals(List.of("publickey"), Wire.readNameList(in));
            assertFalse(Wire.readBoolean(in));
        });
    }

    private static RawMessage request(String user, String method, java.util.function.Consumer<ByteBuf> fields) {
        return new RawMessage(MessageNumbers.USERAUTH_REQUEST, out -> {
            Wire.writeUtf8(out, user);
            Wire.writeAscii(out, "ssh-connection");
            Wire.writeAscii(out, method);
            fields.accept(out);
        });
    }

    private static RawMessage query(String user, Ed25519HostKey key) {
        return request(user, "publickey", out -> {
            Wire.writeBoolean(out, false);
            Wire.writeAscii(out, "ssh-ed25519");
            Wire.writeBytes(out, key.publicKey().encoded());
        });
    }

    /** RFC 4252 §7: the signature covers the session id and the request. */
    private static RawMessage signed(String user, Ed25519HostKey key, byte[] sessionId) {
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
