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
import io.sshnetty.auth.publickey.OpenSshCertificate;
import io.sshnetty.auth.publickey.SecurityKey;
import io.sshnetty.auth.publickey.SkEcdsaPublicKey;
import io.sshnetty.auth.publickey.UserKeys;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.EcdsaHostKey;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.NistCurve;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sk-ecdsa-sha2-nistp256@openssh.com (PROTOCOL.u2f) with signatures constructed here as a token would make
 * them: ECDSA P-256/SHA-256 over SHA256(application) || flags || counter || SHA256(data).
 */
class SkEcdsaSecurityKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(RANDOM);
    private static final String METHOD = "sk-ecdsa-sha2-nistp256@openssh.com";
    private static final int PRESENT = SecurityKey.FLAG_USER_PRESENCE;
    private static final int VERIFIED = SecurityKey.FLAG_USER_VERIFICATION;
    private static final byte[] DATA = "to be signed".getBytes(StandardCharsets.UTF_8);

    private final EcdsaHostKey token = EcdsaHostKey.generate(NistCurve.P256, RANDOM);
    private final SkEcdsaPublicKey key = SkEcdsaPublicKey.of(NistCurve.P256.encodePoint(token.publicKey().point()), "ssh:");

    @TempDir
    Path dir;

    private EmbeddedSshClient client;

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

    /** The token's blob: string type, string (mpint r, mpint s), byte flags, uint32 counter. */
    private byte[] tokenSignature(byte[] data, int flags, long counter) {
        byte[] plain = token.sign("ecdsa-sha2-nistp256", key.signedMessage(data, flags, counter));
        ByteBuf in = Unpooled.wrappedBuffer(plain);
        Wire.readAscii(in);
        byte[] rs = Wire.readBytes(in);
        in.release();
        ByteBuf out = Unpooled.buffer();
        Wire.writeAscii(out, METHOD);
        Wire.writeBytes(out, rs);
        out.writeByte(flags);
        out.writeInt((int) counter);
        byte[] blob = new byte[out.readableBytes()];
        out.readBytes(blob);
        out.release();
        return blob;
    }

    @Test
    void tokenSignatureVerifiesAndCarriesItsFlagsAndCounter() {
        byte[] signature = tokenSignature(DATA, PRESENT | VERIFIED, 4_000_000_000L);
        assertTrue(key.verify(METHOD, DATA, signature));
        SecurityKey.Details details = key.signatureDetails(signature);
        assertTrue(details.userPresent());
        assertTrue(details.userVerified());
        assertEquals(4_000_000_000L, details.counter());
        assertFalse(key.verify("ecdsa-sha2-nistp256", DATA, signature), "only under its own algorithm name");
        assertFalse(key.verify(METHOD, "other data".getBytes(StandardCharsets.UTF_8), signature));
    }

    @Test
    void untouchedSignatureVerifiesButSaysSo() {
        byte[] signature = tokenSignature(DATA, 0, 1);
        assertTrue(key.verify(METHOD, DATA, signature));
        assertFalse(key.signatureDetails(signature).userPresent());
        assertFalse(key.signatureDetails(signature).userVerified());
    }

    @Test
    void tamperedCounterOrFlagsBreakTheSignature() {
        byte[] signature = tokenSignature(DATA, 0, 7);
        byte[] counted = signature.clone();
        counted[counted.length - 1] = 8;
        assertFalse(key.verify(METHOD, DATA, counted), "a counter changed afterwards breaks the signature");
        byte[] touched = signature.clone();
        touched[touched.length - 5] = PRESENT;
        assertFalse(key.verify(METHOD, DATA, touched), "a flag set afterwards breaks the signature");
    }

    @Test
    void signatureOfThePlainKeyOverTheDataIsNotATokenSignature() {
        byte[] plain = token.sign("ecdsa-sha2-nistp256", DATA);
        assertFalse(key.verify(METHOD, DATA, plain));
        assertNull(key.signatureDetails(plain));
        byte[] truncated = Arrays.copyOf(tokenSignature(DATA, PRESENT, 1), 20);
        assertFalse(key.verify(METHOD, DATA, truncated));
        assertNull(key.signatureDetails(truncated));
    }

    @Test
    void keyForAnotherApplicationDoesNotVerify() {
        byte[] signature = tokenSignature(DATA, PRESENT, 1);
        SkEcdsaPublicKey other = SkEcdsaPublicKey.of(NistCurve.P256.encodePoint(token.publicKey().point()), "ssh:other");
        assertFalse(other.verify(METHOD, DATA, signature));
    }

    @Test
    void blobRoundTripsAndPointOffTheCurveIsRefused() {
        assertEquals(key, UserKeys.decode(key.encoded()));
        assertEquals("ssh:", key.application());
        byte[] q = NistCurve.P256.encodePoint(token.publicKey().point());
        q[q.length - 1] ^= 1;
        assertThrows(KeyFormatException.class, () -> SkEcdsaPublicKey.of(q, "ssh:"));
    }

    @Test
    void authorizedKeysLineOfASecurityKeyParsesAndIsDescribedAsSshdLogsIt() {
        String line = "no-touch-required " + METHOD + " " + Base64.getEncoder().encodeToString(key.encoded()) + " my token";
        var keys = AuthorizedKeys.parse(line, "test");
        assertEquals(1, keys.size());
        assertEquals(key, keys.get(0).key());
        assertEquals("my token", keys.get(0).comment());
        assertTrue(UserKeys.describe(key).startsWith("ECDSA-SK SHA256:"), UserKeys.describe(key));
    }

    @Test
    void sshKeygenCertifiesTheKeyAndTheCertificateVerifiesTheTokensSignatures() throws Exception {
        SshKeygen.newEd25519Key(dir, "ca", "ca");
        Files.writeString(dir.resolve("token.pub"), METHOD + " " + Base64.getEncoder().encodeToString(key.encoded()) + " token\n");
        SshKeygen.run(dir, "-q", "-s", "ca", "-I", "token-cert", "-n", "alice", "-V", "-5m:+1h", "token.pub");
        String[] fields = Files.readString(dir.resolve("token-cert.pub")).trim().split(" ");
        assertEquals("sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", fields[0]);
        OpenSshCertificate certificate = (OpenSshCertificate) UserKeys.decode(Base64.getDecoder().decode(fields[1]));
        assertEquals(key, certificate.certifiedKey());
        assertTrue(certificate.signatureVerifies());
        assertEquals(List.of("sk-ecdsa-sha2-nistp256-cert-v01@openssh.com"), certificate.signatureAlgorithms());
        assertTrue(certificate.verify("sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", DATA, tokenSignature(DATA, PRESENT, 3)));
        assertTrue(UserKeys.describe(certificate).startsWith("ECDSA-SK-CERT SHA256:"), UserKeys.describe(certificate));
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
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, options + METHOD + " " + Base64.getEncoder().encodeToString(key.encoded()) + " token\n");
        AuthConfig config = AuthConfig.builder().publicKey(AuthorizedKeysAuthenticator.forFile(file, "alice").withExecutor(Runnable::run))
                .failureDelay(Duration.ZERO).failureDelayJitter(Duration.ZERO)
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
}
