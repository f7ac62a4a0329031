package io.sshnetty.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.auth.internal.AuthConfig;
import io.sshnetty.auth.internal.UserAuthHandler;
import io.sshnetty.auth.publickey.AuthorizedKeys;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.auth.publickey.SkEd25519PublicKey;
import io.sshnetty.auth.publickey.UserKeys;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sk-ssh-ed25519@openssh.com (PROTOCOL.u2f) with signatures constructed here as a token would make them. */
class SecurityKeyAuthTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final String METHOD = "sk-ssh-ed25519@openssh.com";
    private static final int PRESENT = SkEd25519PublicKey.FLAG_USER_PRESENCE;
    private static final int VERIFIED = SkEd25519PublicKey.FLAG_USER_VERIFICATION;

    private final byte[] privateKey = new byte[Ed25519.SECRET_KEY_SIZE];
    private final SkEd25519PublicKey key;

    @TempDir
    Path dir;

    private EmbeddedSshClient client;

    SecurityKeyAuthTest() {
        RANDOM.nextBytes(privateKey);
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
        key = SkEd25519PublicKey.of(publicKey, "ssh:");
    }

    private static final class ConnectionLayer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** A token's signature blob over {@code data}: string type, string signature, byte flags, uint32 counter. */
    private byte[] tokenSignature(byte[] data, int flags, long counter) {
        byte[] message = key.signedMessage(data, flags, counter);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        ByteBuf out = Unpooled.buffer();
        Wire.writeAscii(out, METHOD);
        Wire.writeBytes(out, signature);
        out.writeByte(flags);
        out.writeInt((int) counter);
        byte[] blob = new byte[out.readableBytes()];
        out.readBytes(blob);
        out.release();
        return blob;
    }

    @Test
    void tokenSignatureVerifiesAndCarriesItsFlagsAndCounter() {
        byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
        byte[] signature = tokenSignature(data, PRESENT | VERIFIED, 4_000_000_000L);
        assertTrue(key.verify(METHOD, data, signature));
        SkEd25519PublicKey.Details details = SkEd25519PublicKey.details(signature);
        assertTrue(details.userPresent());
        assertTrue(details.userVerified());
        assertEquals(4_000_000_000L, details.counter());
        assertFalse(key.verify("ssh-ed25519", data, signature), "only under its own algorithm name");
        assertFalse(key.verify(METHOD, "other data".getBytes(StandardCharsets.UTF_8), signature));
    }

    @Test
    void flagsAndCounterAreCoveredByTheSignature() {
        byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
        byte[] signature = tokenSignature(data, 0, 7);
        byte[] touched = signature.clone();
        touched[touched.length - 5] = PRESENT;
        assertFalse(key.verify(METHOD, data, touched), "a flag set afterwards breaks the signature");
        byte[] counted = signature.clone();
        counted[counted.length - 1] = 8;
        assertFalse(key.verify(METHOD, data, counted));
        assertNull(SkEd25519PublicKey.details(java.util.Arrays.copyOf(signature, signature.length - 1)));
    }

    @Test
    void keyForAnotherApplicationDoesNotVerify() {
        byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
        byte[] signature = tokenSignature(data, PRESENT, 1);
        SkEd25519PublicKey other = SkEd25519PublicKey.decode(reencode("ssh:other"));
        assertFalse(other.verify(METHOD, data, signature));
    }

    @Test
    void authorizedKeysLineOfASecurityKeyParsesAndIsDescribedAsSshdLogsIt() {
        String line = "no-touch-required " + METHOD + " " + Base64.getEncoder().encodeToString(key.encoded()) + " my token";
        var keys = AuthorizedKeys.parse(line, "test");
        assertEquals(1, keys.size());
        assertEquals(key, keys.get(0).key());
        assertEquals("my token", keys.get(0).comment());
        assertTrue(UserKeys.describe(key).startsWith("ED25519-SK SHA256:"), UserKeys.describe(key));
    }

    @Test
    void touchedSignatureAuthenticates() throws Exception {
        connect("");
        client.send(signed(PRESENT));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void untouchedSignatureIsRefusedUnlessTheKeySaysNoTouchRequired() throws Exception {
        connect("");
        client.send(signed(0));
        expectFailure();
        client.close();
        connect("no-touch-required ");
        client.send(signed(0));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
        assertFalse(client.serverChannel().attr(AuthenticatedUser.KEY).get().restrictions().touchRequired());
    }

    @Test
    void serverPolicyRequiresPresenceEvenWhenTheKeySaysNoTouchRequired() throws Exception {
        connect("no-touch-required ", true, false);
        client.send(signed(0));
        expectFailure();
        client.send(signed(PRESENT));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void serverPolicyCanRequireVerificationOfEveryKey() throws Exception {
        connect("", false, true);
        client.send(signed(PRESENT));
        expectFailure();
        client.send(signed(PRESENT | VERIFIED));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    @Test
    void verifyRequiredWantsUserVerification() throws Exception {
        connect("verify-required ");
        client.send(signed(PRESENT));
        expectFailure();
        client.send(signed(PRESENT | VERIFIED));
        client.expect(MessageNumbers.USERAUTH_SUCCESS, in -> { });
    }

    private void connect(String options) throws Exception {
        connect(options, false, false);
    }

    private void connect(String options, boolean touchRequired, boolean verifyRequired) throws Exception {
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, options + METHOD + " " + Base64.getEncoder().encodeToString(key.encoded()) + " token\n");
        PublicKeyAuthenticator keys = AuthorizedKeysAuthenticator.forFile(file, "alice").withExecutor(Runnable::run);
        if (touchRequired || verifyRequired) {
            keys = keys.withSecurityKeyPolicy(touchRequired, verifyRequired);
        }
        AuthConfig config = AuthConfig.builder().publicKey(keys).failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO)
                .signatureExecutor(Runnable::run).build();
        client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new UserAuthHandler(config, ConnectionLayer::new));
        client.keyExchange("aes128-gcm@openssh.com", null);
        client.send(new RawMessage(MessageNumbers.SERVICE_REQUEST, out -> Wire.writeAscii(out, "ssh-userauth")));
        client.expect(MessageNumbers.SERVICE_ACCEPT, in -> { });
    }

    private void expectFailure() {
        client.expect(MessageNumbers.USERAUTH_FAILURE, in -> {
            in.skipBytes(1);
            assertEquals(List.of("publickey"), Wire.readNameList(in));
        });
    }

    /** RFC 4252 §7 over this key, signed by the token with {@code flags}. */
    private RawMessage signed(int flags) {
        ByteBuf data = Unpooled.buffer();
        Wire.writeBytes(data, client.sessionId());
        data.writeByte(MessageNumbers.USERAUTH_REQUEST);
        Wire.writeUtf8(data, "alice");
        Wire.writeAscii(data, "ssh-connection");
        Wire.writeAscii(data, "publickey");
        Wire.writeBoolean(data, true);
        Wire.writeAscii(data, METHOD);
        Wire.writeBytes(data, key.encoded());
        byte[] toSign = new byte[data.readableBytes()];
        data.readBytes(toSign);
        data.release();
        byte[] signature = tokenSignature(toSign, flags, 1);
        return new RawMessage(MessageNumbers.USERAUTH_REQUEST, out -> {
            Wire.writeUtf8(out, "alice");
            Wire.writeAscii(out, "ssh-connection");
            Wire.writeAscii(out, "publickey");
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, METHOD);
            Wire.writeBytes(out, key.encoded());
            Wire.writeBytes(out, signature);
        });
    }

    private byte[] reencode(String application) {
        ByteBuf in = Unpooled.wrappedBuffer(key.encoded());
        Wire.readAscii(in);
        byte[] raw = Wire.readBytes(in);
        in.release();
        return SkEd25519PublicKey.of(raw, application).encoded();
    }
}
