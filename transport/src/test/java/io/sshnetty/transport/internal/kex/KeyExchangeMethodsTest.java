package io.sshnetty.transport.internal.kex;

import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.AlgorithmPreferences;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.EcdsaHostKey;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.HostKey;
import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.keys.RsaHostKey;
import io.sshnetty.transport.internal.message.KexInit;
import io.sshnetty.transport.internal.packet.PacketCodec;
import io.sshnetty.transport.packet.PacketListener;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every key exchange method and every host key algorithm, run in-process against a client whose half of
 * each method and whose exchange hash are computed independently ({@code ClientKeyAgreements}); the
 * connection then speaks under the derived keys.
 */
class KeyExchangeMethodsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<HostKey> HOST_KEYS = List.of(Ed25519HostKey.generate(RANDOM),
            EcdsaHostKey.generate(NistCurve.P256, RANDOM), EcdsaHostKey.generate(NistCurve.P384, RANDOM),
            EcdsaHostKey.generate(NistCurve.P521, RANDOM), RsaHostKey.generate(2048, RANDOM));
    /** Every method enabled, the finite-field ones too (they are not in the default offer). */
    private static final TransportConfig CONFIG = new TransportConfig("SSH-2.0-sshnetty_test", HOST_KEYS,
            AlgorithmPreferences.defaults().withKex(KexAlgorithms.allNames()), PacketCodec.DEFAULT_MAX_PACKET_LENGTH,
            PacketListener.NONE);

    private EmbeddedSshClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    static List<String> methods() {
        return KexAlgorithms.allNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void everyMethodAgreesWithAnIndependentClient(String kex) {
        client = EmbeddedSshClient.connect(CONFIG);
        client.keyExchange(kex, "ssh-ed25519", "aes256-gcm@openssh.com", null);
        assertSpeaksUnderNewKeys();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512",
            "rsa-sha2-256"})
    void everyHostKeyAlgorithmSignsTheExchangeHash(String algorithm) {
        client = EmbeddedSshClient.connect(CONFIG);
        client.keyExchange("ecdh-sha2-nistp256", algorithm, "chacha20-poly1305@openssh.com", null);
        assertSpeaksUnderNewKeys();
    }

    @ParameterizedTest(name = "request {0} gets {1} bits")
    @CsvSource({"'2048,3072,8192', 3072", "'2048,8192,8192', 8192", "'4096', 4096", "'7680', 8192"})
    void groupExchangeHonoursTheRequestIncludingTheOldOne(String request, int bits) {
        client = EmbeddedSshClient.connect(CONFIG);
        client.groupExchangeRequest(java.util.Arrays.stream(request.split(",")).mapToInt(Integer::parseInt).toArray());
        client.keyExchange("diffie-hellman-group-exchange-sha256", "ssh-ed25519", "aes128-gcm@openssh.com", null);
        assertEquals(bits, client.groupBits());
        assertSpeaksUnderNewKeys();
    }

    @Test
    void everyMethodInOpenSshsOrder() {
        assertEquals(List.of("mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
                "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
                "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
                "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256"), KexAlgorithms.allNames());
    }

    @Test
    void defaultOfferIsOpenSsh10sServerDefaultWithoutFiniteFieldDiffieHellman() {
        assertEquals(List.of("mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
                "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
                "ecdh-sha2-nistp521"), AlgorithmPreferences.defaults().kex());
    }

    @Test
    void serverOffersEveryHostKeysAlgorithmsWithoutSha1ByDefault() {
        client = EmbeddedSshClient.connect(CONFIG);
        client.exchangeIdentification();
        client.expect(MessageNumbers.KEXINIT, in -> assertEquals(List.of("ssh-ed25519", "ecdsa-sha2-nistp256",
                "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"),
                KexInit.decode(in).serverHostKeyAlgorithms()));
    }

    @Test
    void sha1RsaSignaturesAreOfferedAndUsedWhenEnabled() {
        TransportConfig withSha1 = new TransportConfig("SSH-2.0-sshnetty_test", HOST_KEYS,
                AlgorithmPreferences.defaults().withSha1HostKeySignatures(true), PacketCodec.DEFAULT_MAX_PACKET_LENGTH,
                PacketListener.NONE);
        client = EmbeddedSshClient.connect(withSha1);
        client.keyExchange("curve25519-sha256", "ssh-rsa", "aes128-ctr", "hmac-sha2-256");
        assertSpeaksUnderNewKeys();
    }

    private void assertSpeaksUnderNewKeys() {
        client.send(new RawMessage(15, out -> { }));
        client.expect(MessageNumbers.UNIMPLEMENTED, in -> { });
        assertTrue(client.serverChannel().isActive());
    }
}
