package io.sshnetty.demo;

import io.sshnetty.transport.keys.EcdsaPublicKey;
import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.keys.PublicKeys;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * mlkem768x25519-sha256, which the installed OpenSSH (9.2) lacks, against Apache MINA SSHD's client as an
 * independent implementation: key exchange, an ECDSA user key, and an exec of {@code cat} with a
 * checksummed round trip.
 */
class MinaMlKemExchangeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void minaClientCompletesMlKemHybridExchangeAndRunsCat() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair userKey = generator.generateKeyPair();
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, PublicKeys.format(
                EcdsaPublicKey.of(NistCurve.P256, ((ECPublicKey) userKey.getPublic()).getW()), "mina") + "\n");
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(768).nextBytes(data);

        try (DemoServer.Running server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys).withUsers(java.util.Set.of("user")));
             SshClient client = SshClient.setUpDefaultClient()) {
            client.setKeyExchangeFactories(List.of(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.mlkem768x25519)));
            client.setServerKeyVerifier((session, address, key) -> true);
            client.start();
            try (ClientSession session = client.connect("user", "127.0.0.1", server.address().getPort())
                    .verify(TIMEOUT).getSession()) {
                session.addPublicKeyIdentity(userKey);
                session.auth().verify(TIMEOUT);
                assertEquals("mlkem768x25519-sha256", session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                try (ChannelExec exec = session.createExecChannel("cat")) {
                    exec.setIn(new ByteArrayInputStream(data));
                    exec.setOut(out);
                    exec.setErr(err);
                    exec.open().verify(TIMEOUT);
                    exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                    assertEquals(0, exec.getExitStatus(), err.toString());
                }
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                assertArrayEquals(sha256.digest(data), sha256.digest(out.toByteArray()), "cat's output differs from its input");
            }
        }
    }
}
