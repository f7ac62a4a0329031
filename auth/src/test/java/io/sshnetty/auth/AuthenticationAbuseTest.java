package io.sshnetty.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.auth.internal.AuthConfig;
import io.sshnetty.auth.internal.UserAuthHandler;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.keyboard.Prompt;
import io.sshnetty.auth.password.PasswordAuthenticator;
import io.sshnetty.auth.publickey.ProvenPublicKey;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.DisconnectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client must not get out of the userauth layer: one key counted twice, unlimited requests or queries,
 * user names told apart by timing, a denied user treated as a known one, a signature verified for a key the
 * server would not take anyway.
 */
class AuthenticationAbuseTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey FIRST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey SECOND_KEY = Ed25519HostKey.generate(RANDOM);
    private static final Ed25519HostKey STRANGER_KEY = Ed25519HostKey.generate(RANDOM);

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private EmbeddedSshClient client;

    /** FIRST_KEY and SECOND_KEY are any user's; every call is recorded. */
    private final PublicKeyAuthenticator twoKeys = new PublicKeyAuthenticator() {
        @Override
        public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
            calls.add("acceptable? " + user);
            return CompletableFuture.completedFuture(isOneOfTheKeys(key));
        }

        @Override
        public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
            calls.add("authenticate " + user);
            return CompletableFuture.completedFuture(isOneOfTheKeys(key.key()) ? AuthDecision.accept() : AuthDecision.reject());
        }
    };

    private static boolean isOneOfTheKeys(SshPublicKey key) {
        return key.equals(FIRST_KEY.publicKey()) || key.equals(SECOND_KEY.publicKey());
    }

    private static final class ConnectionLayer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    private static AuthConfig.Builder immediate() {
        return AuthConfig.builder().failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO).signatureExecutor(Runnable::run);
    }

    private void connect(AuthConfig config) {
        if (client != null) {
            client.close();
        }
        client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new UserAuthHandler(config, ConnectionLayer::new));
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.send(new RawMessage(MessageNumbers.SERVICE_REQUEST, out -> Wire.writeAscii(out, "ssh-userauth")));
        client.expect(MessageNumbers.SERVICE_ACCEPT, in -> { });
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void publickeyTwiceNeedsTwoDifferentKeys() {
        connect(immediate().publicKey(twoKeys).policy(AuthenticationPolicy.parse("publickey,publickey")).build());
        client.send(signed("alice", FIRST_KEY));
        expectFailure(true);
        client.send(query("alice", FIRST_KEY));
        expectFailure(false);
        client.send(signed("alice", FIRST_KEY));
        expectFailure(false);
        client.send(signed("alice", SECOND_KEY));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertEquals(List.of("publickey", "publickey"), client.serverChannel().attr(AuthenticatedUser.KEY).get().methods());
    }

    @Test
    void authenticatorIsAskedBeforeTheSignatureIsVerified() {
        connect(immediate().publicKey(twoKeys).build());
        client.send(signedWithBadSignature("alice", FIRST_KEY));
        expectFailure(false);
        assertEquals(List.of("acceptable? alice"), calls, "asked first; the bad signature then stops it");
        calls.clear();
        client.send(signedWithBadSignature("alice", STRANGER_KEY));
        expectFailure(false);
        assertEquals(List.of("acceptable? alice"), calls, "a key it refuses is never verified nor authorized");
    }

    @Test
    void signaturesAreVerifiedOnTheSignatureExecutorNotInline() {
        List<Runnable> verifications = new ArrayList<>();
        connect(immediate().publicKey(twoKeys).signatureExecutor(verifications::add).build());
        client.send(signed("alice", FIRST_KEY));
        assertNull(client.receive(), "nothing is verified on the event loop");
        assertEquals(1, verifications.size());
        verifications.get(0).run();
        client.serverChannel().runPendingTasks();
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void unknownNamesAreRefusedBeforeAnythingIsParsedOrAsked() {
        connect(immediate().publicKey(twoKeys).build());
        byte[] certificate = certificateSignedWith("unknown-signature@example.com");
        client.send(query("alice", "ssh-ed25519-cert-v01@openssh.com", certificate));
        expectFailure(false);
        byte[] garbage = blob(out -> {
            Wire.writeAscii(out, "ssh-frobnicate@example.com");
            out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        });
        client.send(query("alice", "ssh-ed25519", garbage));
        expectFailure(false);
        client.send(query("alice", "ssh-frobnicate@example.com", FIRST_KEY.publicKey().encoded()));
        expectFailure(false);
        assertEquals(List.of(), calls, "the authenticator never sees a key of an unknown type or CA signature type");
        client.send(query("alice", "ssh-ed25519-cert-v01@openssh.com", certificateSignedWith("ssh-ed25519")));
        expectFailure(false);
        assertEquals(List.of("acceptable? alice"), calls, "the same certificate with a known CA signature type is asked about");
    }

    /** An ed25519 user certificate for FIRST_KEY by SECOND_KEY as CA, whose signature claims {@code algorithm}. */
    private static byte[] certificateSignedWith(String algorithm) {
        byte[] plain = FIRST_KEY.publicKey().encoded();
        ByteBuf in = Unpooled.wrappedBuffer(plain);
        Wire.readAscii(in);
        byte[] point = Wire.readBytes(in);
        in.release();
        return blob(out -> {
            Wire.writeAscii(out, "ssh-ed25519-cert-v01@openssh.com");
            Wire.writeBytes(out, new byte[32]);
            Wire.writeBytes(out, point);
            out.writeLong(1);
            out.writeInt(1);
            Wire.writeUtf8(out, "id");
            Wire.writeBytes(out, blob(principals -> Wire.writeUtf8(principals, "alice")));
            out.writeLong(0);
            out.writeLong(-1);
            Wire.writeBytes(out, new byte[0]);
            Wire.writeBytes(out, new byte[0]);
            Wire.writeBytes(out, new byte[0]);
            Wire.writeBytes(out, SECOND_KEY.publicKey().encoded());
            Wire.writeBytes(out, blob(signature -> {
                Wire.writeAscii(signature, algorithm);
                Wire.writeBytes(signature, new byte[64]);
            }));
        });
    }

    private static byte[] blob(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.accept(out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    @Test
    void firstPublicKeyQueriesDoNotCountAsFailuresButLaterOnesDo() {
        connect(immediate().publicKey(twoKeys).build());
        for (int i = 0; i < AuthConfig.DEFAULT_MAX_PUBLIC_KEY_QUERIES; i++) {
            client.send(query("alice", STRANGER_KEY));
            expectFailure(false);
        }
        for (int i = 1; i < AuthConfig.DEFAULT_MAX_ATTEMPTS; i++) {
            client.send(query("alice", FIRST_KEY));
            client.expect(MessageNumbers.USERAUTH_PK_OK, in -> { });
        }
        client.send(query("alice", FIRST_KEY));
        expectDisconnect(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE);
    }

    @Test
    void requestsThatNeverFailAreCappedPerConnection() {
        KeyboardInteractiveAuthenticator asksForever = (context, user, submethods) -> new KeyboardInteractiveAuthenticator.Conversation() {
            @Override
            public CompletionStage<AuthDecision> begin() {
                return CompletableFuture.completedFuture(AuthDecision.ask("", "", List.of(Prompt.secret("Code: "))));
            }

            @Override
            public CompletionStage<AuthDecision> answer(List<String> responses) {
                return begin();
            }
        };
        connect(immediate().keyboardInteractive(asksForever).build());
        for (int i = 0; i < AuthConfig.DEFAULT_MAX_AUTH_REQUESTS; i++) {
            client.send(request("alice", "keyboard-interactive", out -> {
                Wire.writeUtf8(out, "");
                Wire.writeUtf8(out, "");
            }));
            client.expect(60, in -> { });
        }
        client.send(request("alice", "keyboard-interactive", out -> {
            Wire.writeUtf8(out, "");
            Wire.writeUtf8(out, "");
        }));
        expectDisconnect(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE);
    }

    @Test
    void deniedAndUnlistedUsersFailLikeUnknownUsersWhateverTheirKey() {
        connect(immediate().publicKey(twoKeys)
                .userAccess(UserAccess.allowOnly("alice", "carol", "ops-*", "eve@10.0.0.0/8").denying("carol")).build());
        client.send(query("bob", FIRST_KEY));
        expectFailure(false);
        client.send(signed("bob", FIRST_KEY));
        expectFailure(false);
        client.send(signed("carol", FIRST_KEY));
        expectFailure(false);
        client.send(signed("eve", FIRST_KEY));
        expectFailure(false);
        client.send(signed("ops-1", FIRST_KEY));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void userAccessPatternsFollowSshd() throws Exception {
        InetAddress inside = InetAddress.getByName("10.1.2.3");
        InetAddress outside = InetAddress.getByName("198.51.100.7");
        UserAccess access = UserAccess.allowOnly("alice", "eve@10.0.0.0/8", "ops-?", "*@192.0.2.*").denying("root", "bob@10.*");
        assertNull(access.refusal("alice", outside));
        assertNull(access.refusal("eve", inside));
        assertEquals("not listed in AllowUsers", access.refusal("eve", outside));
        assertNull(access.refusal("ops-1", inside));
        assertEquals("not listed in AllowUsers", access.refusal("ops-12", inside));
        assertNull(access.refusal("mallory", InetAddress.getByName("192.0.2.7")), "anyone from 192.0.2.*");
        assertEquals("not listed in AllowUsers", access.refusal("mallory", outside));
        assertEquals("listed in DenyUsers", access.refusal("root", outside), "deny comes first");
        assertEquals("listed in DenyUsers", access.refusal("bob", inside));
        assertEquals("not listed in AllowUsers", access.refusal("eve", null), "a host part needs an address");
        assertNull(UserAccess.ALL.refusal("anyone", null));
    }

    /**
     * Known users have a slow password check and a slow key lookup; unknown users none. Failures of both are
     * still answered after about the same time, over several rounds (medians, generous bounds).
     */
    @Test
    void knownAndUnknownUsersFailAfterTheSameTimeEvenWhenTheAuthenticatorIsSlowForKnownUsers() throws Exception {
        long slowMillis = 150;
        PasswordAuthenticator passwords = (context, user, password) -> user.equals("alice")
                ? later(slowMillis, AuthDecision.reject()) : CompletableFuture.completedFuture(AuthDecision.invalidUser());
        PublicKeyAuthenticator keys = new PublicKeyAuthenticator() {
            @Override
            public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
                return user.equals("alice") ? later(slowMillis, false) : CompletableFuture.completedFuture(false);
            }

            @Override
            public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
                return CompletableFuture.completedFuture(AuthDecision.reject());
            }
        };
        AuthConfig config = AuthConfig.builder().password(passwords).publicKey(keys)
                .failureDelay(Duration.ofMillis(40)).failureDelayJitter(Duration.ofMillis(20))
                .signatureExecutor(Runnable::run).build();
        List<Long> knownPassword = new ArrayList<>();
        List<Long> unknownPassword = new ArrayList<>();
        List<Long> knownKey = new ArrayList<>();
        List<Long> unknownKey = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            connect(config);
            knownPassword.add(millisToFailure(password("alice", "guess" + round)));
            unknownPassword.add(millisToFailure(password("mallory" + round, "guess")));
            knownKey.add(millisToFailure(signed("alice", STRANGER_KEY)));
            unknownKey.add(millisToFailure(signed("mallory" + round, STRANGER_KEY)));
        }
        assertSimilar(knownPassword, unknownPassword, "password");
        assertSimilar(knownKey, unknownKey, "publickey");
    }

    private void assertSimilar(List<Long> known, List<Long> unknown, String method) {
        double ratio = median(known) / Math.max(1.0, median(unknown));
        assertTrue(ratio > 0.5 && ratio < 2, method + ": known " + known + " ms, unknown " + unknown + " ms");
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Completes after {@code millis} on the connection's own event loop, as a slow asynchronous lookup would. */
    private <T> CompletionStage<T> later(long millis, T value) {
        CompletableFuture<T> result = new CompletableFuture<>();
        client.serverChannel().eventLoop().schedule(() -> result.complete(value), millis, TimeUnit.MILLISECONDS);
        return result;
    }

    /** Sends {@code request} and waits in real time for its answer, which must be a failure. */
    private long millisToFailure(RawMessage request) throws InterruptedException {
        EmbeddedChannel server = client.serverChannel();
        long started = System.nanoTime();
        client.send(request);
        InboundPacket answer;
        while ((answer = client.receive()) == null) {
            Thread.sleep(1);
            server.runPendingTasks();
            server.runScheduledPendingTasks();
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "no answer");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        try {
            assertEquals(MessageNumbers.USERAUTH_FAILURE, answer.messageNumber());
        } finally {
            answer.release();
        }
        return millis;
    }

    private void expectFailure(boolean partial) {
        client.expect(MessageNumbers.USERAUTH_FAILURE, in -> {
            in.skipBytes(1);
            Wire.readNameList(in);
            assertEquals(partial, Wire.readBoolean(in), "partial success");
        });
    }

    private void expectDisconnect(DisconnectReason reason) {
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(reason.code(), Disconnect.decode(in).reasonCode()));
    }

    private static RawMessage request(String user, String method, Consumer<ByteBuf> fields) {
        return new RawMessage(MessageNumbers.USERAUTH_REQUEST, out -> {
            Wire.writeUtf8(out, user);
            Wire.writeAscii(out, "ssh-connection");
            Wire.writeAscii(out, method);
            fields.accept(out);
        });
    }

    private static RawMessage password(String user, String password) {
        return request(user, "password", out -> {
            Wire.writeBoolean(out, false);
            Wire.writeUtf8(out, password);
        });
    }

    private static RawMessage query(String user, Ed25519HostKey key) {
        return query(user, "ssh-ed25519", key.publicKey().encoded());
    }

    private static RawMessage query(String user, String algorithm, byte[] blob) {
        return request(user, "publickey", out -> {
            Wire.writeBoolean(out, false);
            Wire.writeAscii(out, algorithm);
            Wire.writeBytes(out, blob);
        });
    }

    private RawMessage signed(String user, Ed25519HostKey key) {
        return signed(user, key, key.sign("ssh-ed25519", signedData(user, key)));
    }

    private RawMessage signedWithBadSignature(String user, Ed25519HostKey key) {
        byte[] data = signedData(user, key);
        data[data.length - 1] ^= 1;
        return signed(user, key, key.sign("ssh-ed25519", data));
    }

    private static RawMessage signed(String user, Ed25519HostKey key, byte[] signature) {
        return request(user, "publickey", out -> {
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, "ssh-ed25519");
            Wire.writeBytes(out, key.publicKey().encoded());
            Wire.writeBytes(out, signature);
        });
    }

    /** RFC 4252 §7: the signature covers the session id and the request. */
    private byte[] signedData(String user, Ed25519HostKey key) {
        ByteBuf data = Unpooled.buffer();
        try {
            Wire.writeBytes(data, client.sessionId());
            data.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeUtf8(data, user);
            Wire.writeAscii(data, "ssh-connection");
            Wire.writeAscii(data, "publickey");
            Wire.writeBoolean(data, true);
            Wire.writeAscii(data, "ssh-ed25519");
            Wire.writeBytes(data, key.publicKey().encoded());
            byte[] bytes = new byte[data.readableBytes()];
            data.readBytes(bytes);
            return bytes;
        } finally {
            data.release();
        }
    }
}
