package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenSSH user certificates made by the real ssh-keygen: decoded, checked, and authorized. */
class OpenSshCertificateTest {
    @TempDir
    static Path dir;

    private static SshPublicKey ca;
    private static SshPublicKey otherCa;
    private static Ed25519HostKey user;
    private static InetAddress loopback;

    @BeforeAll
    static void keys() throws Exception {
        ca = PublicKeys.parseLine(Files.readString(Path.of(SshKeygen.newEd25519Key(dir, "ca", "ca") + ".pub"))).key();
        otherCa = PublicKeys.parseLine(Files.readString(Path.of(SshKeygen.newEd25519Key(dir, "other_ca", "ca") + ".pub"))).key();
        SshKeygen.newEd25519Key(dir, "user", "user");
        user = (Ed25519HostKey) OpenSshPrivateKeyFile.read(dir.resolve("user")).hostKey();
        loopback = InetAddress.getByName("127.0.0.1");
    }

    /** Signs user.pub with {@code caName} and returns the certificate; {@code args} are more ssh-keygen options. */
    private static OpenSshCertificate sign(String caName, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("-q", "-s", caName, "-I", "cert-id", "-z", "42"));
        argv.addAll(List.of(args));
        argv.add("user.pub");
        SshKeygen.run(dir, argv.toArray(String[]::new));
        String line = Files.readString(dir.resolve("user-cert.pub"));
        String[] fields = line.trim().split(" ");
        assertEquals("ssh-ed25519-cert-v01@openssh.com", fields[0]);
        return OpenSshCertificate.decode(Base64.getDecoder().decode(fields[1]));
    }

    @Test
    void decodesTheFieldsSshKeygenWrote() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice,bob", "-V", "20300101000000:20310101000000");
        assertEquals("ssh-ed25519-cert-v01@openssh.com", cert.keyType());
        assertEquals(user.publicKey(), cert.certifiedKey());
        assertEquals(ca, cert.signatureKey());
        assertEquals("cert-id", cert.keyId());
        assertEquals(42, cert.serial());
        assertEquals(OpenSshCertificate.USER_CERTIFICATE, cert.certificateType());
        assertEquals(List.of("alice", "bob"), cert.principals());
        assertTrue(cert.extensions().containsKey("permit-pty"), "ssh-keygen's default extensions");
        assertEquals(Map.of(), cert.criticalOptions());
        assertTrue(cert.signatureVerifies());
        assertEquals(List.of("ssh-ed25519-cert-v01@openssh.com"), cert.signatureAlgorithms());
    }

    @Test
    void aKeyIdCannotForgeALogLine() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice", "-I", "x\nAccepted publickey for root");
        assertEquals("x\nAccepted publickey for root", cert.keyId(), "the certificate keeps what its owner wrote");
        String described = cert.describeForLog();
        assertTrue(described.startsWith("ID x\\x0aAccepted publickey for root (serial 42)"), described);
        assertTrue(described.chars().noneMatch(c -> c == '\n' || c == '\r'), described);
    }

    @Test
    void signatureOfTheCertifiedKeyVerifiesUnderTheCertificateAlgorithm() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice");
        byte[] data = "session and request".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] signature = user.sign("ssh-ed25519", data);
        assertTrue(cert.verify("ssh-ed25519-cert-v01@openssh.com", data, signature));
        assertFalse(cert.verify("ssh-ed25519", data, signature), "the plain algorithm name is not the certificate's");
    }

    @Test
    void validCertificateForThePrincipalIsAuthorizedWithItsExtensions() throws Exception {
        KeyRestrictions r = sign("ca", "-n", "alice", "-V", "-5m:+1h").authorize(List.of("alice"), Instant.now(), loopback);
        assertTrue(r.permitPty() && r.permitPortForwarding() && r.permitAgentForwarding() && r.permitX11Forwarding()
                && r.permitUserRc());
    }

    @Test
    void certificateOutsideItsValidityIsRefused() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice", "-V", "20300101000000:20300102000000");
        Instant during = Instant.parse("2030-01-01T12:00:00Z");
        cert.authorize(List.of("alice"), during, loopback);
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                () -> cert.authorize(List.of("alice"), Instant.parse("2029-12-31T12:00:00Z"), loopback));
        assertTrue(early.getMessage().contains("not yet valid"), early.getMessage());
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> cert.authorize(List.of("alice"), Instant.parse("2030-01-02T00:00:00Z"), loopback));
        assertTrue(late.getMessage().contains("expired"), late.getMessage());
    }

    @Test
    void certificateWithoutThePrincipalIsRefused() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice");
        assertThrows(IllegalArgumentException.class, () -> cert.authorize(List.of("mallory"), Instant.now(), loopback));
    }

    @Test
    void certificateWithoutPrincipalsIsRefusedAsSshdDoes() throws Exception {
        OpenSshCertificate cert = sign("ca");
        assertEquals(List.of(), cert.principals());
        assertThrows(IllegalArgumentException.class, () -> cert.authorize(List.of("alice"), Instant.now(), loopback));
    }

    @Test
    void tamperedCertificateDoesNotVerify() throws Exception {
        byte[] blob = sign("ca", "-n", "alice").encoded();
        int principalAt = indexOf(blob, "alice".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        blob[principalAt] = 'b';
        OpenSshCertificate forged = OpenSshCertificate.decode(blob);
        assertEquals(List.of("blice"), forged.principals());
        assertFalse(forged.signatureVerifies());
        assertThrows(IllegalArgumentException.class, () -> forged.authorize(List.of("blice"), Instant.now(), loopback));
    }

    @Test
    void criticalOptionsForceACommandAndLimitTheSource() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice", "-O", "clear", "-O", "force-command=uptime",
                "-O", "source-address=127.0.0.0/8,::1/128", "-O", "permit-pty");
        KeyRestrictions r = cert.authorize(List.of("alice"), Instant.now(), loopback);
        assertEquals("uptime", r.forcedCommand());
        assertEquals("127.0.0.0/8,::1/128", r.sourceAddress());
        assertTrue(r.permitPty());
        assertFalse(r.permitPortForwarding() || r.permitAgentForwarding() || r.permitX11Forwarding() || r.permitUserRc(),
                "extensions that are absent are denied");
        assertThrows(IllegalArgumentException.class,
                () -> cert.authorize(List.of("alice"), Instant.now(), InetAddress.getByName("10.0.0.1")));
    }

    @Test
    void unknownCriticalOptionRefusesTheCertificate() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice", "-O", "critical:frobnicate=yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cert.authorize(List.of("alice"), Instant.now(), loopback));
        assertTrue(e.getMessage().contains("frobnicate"), e.getMessage());
    }

    @Test
    void hostCertificateIsNotAUserCertificate() throws Exception {
        OpenSshCertificate cert = sign("ca", "-h", "-n", "alice");
        assertThrows(IllegalArgumentException.class, () -> cert.authorize(List.of("alice"), Instant.now(), loopback));
    }

    @Test
    void truncatedCertificateIsAKeyFormatError() throws Exception {
        byte[] blob = sign("ca", "-n", "alice").encoded();
        assertThrows(KeyFormatException.class, () -> OpenSshCertificate.decode(java.util.Arrays.copyOf(blob, blob.length - 10)));
        assertThrows(KeyFormatException.class, () -> UserKeys.decode(java.util.Arrays.copyOf(blob, 60)));
    }

    @Test
    void userKeysDecodesCertificatesAndPlainKeysAndDescribesThemAsSshdLogs() throws Exception {
        OpenSshCertificate cert = sign("ca", "-n", "alice");
        assertEquals(cert, UserKeys.decode(cert.encoded()));
        assertEquals(user.publicKey(), UserKeys.decode(user.publicKey().encoded()));
        assertEquals(UserKeys.fingerprint(user.publicKey()), UserKeys.fingerprint(cert), "a certificate's fingerprint is its key's");
        String description = UserKeys.describe(cert);
        assertTrue(description.matches("ED25519-CERT SHA256:\\S+ ID cert-id \\(serial 42\\) CA ED25519 SHA256:\\S+"), description);
    }

    @Test
    void trustedCaKeysAcceptTheirCertificatesForTheUserNameOnly() throws Exception {
        Path file = dir.resolve("trusted_ca");
        Files.writeString(file, "# CAs\n" + PublicKeys.format(ca, "ca") + "\n");
        TrustedUserCaKeysAuthenticator trusted = TrustedUserCaKeysAuthenticator.forFile(file);
        AuthenticationContext context = TestContexts.from("127.0.0.1");
        OpenSshCertificate cert = sign("ca", "-n", "alice");
        assertTrue(trusted.isAcceptable(context, "alice", cert).toCompletableFuture().join());
        assertFalse(trusted.isAcceptable(context, "bob", cert).toCompletableFuture().join());
        assertFalse(trusted.isAcceptable(context, "alice", user.publicKey()).toCompletableFuture().join(), "plain keys are not");
        assertFalse(trusted.isAcceptable(context, "alice", sign("other_ca", "-n", "alice")).toCompletableFuture().join());
        TrustedUserCaKeysAuthenticator later = trusted.withClock(Clock.fixed(Instant.now().plusSeconds(7200), ZoneOffset.UTC));
        assertFalse(later.isAcceptable(context, "alice", sign("ca", "-n", "alice", "-V", "-5m:+1h")).toCompletableFuture().join());
    }

    @Test
    void trustedCaCertificatesAreCheckedOffTheCallersThread() throws Exception {
        Path file = dir.resolve("trusted_ca_offloaded");
        Files.writeString(file, PublicKeys.format(ca, "ca") + "\n");
        List<String> decidedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        // The decision reads the clock right after the CA signature: the thread that reads it did the check.
        Clock recording = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                decidedOn.add(Thread.currentThread().getName());
                return Instant.now();
            }
        };
        TrustedUserCaKeysAuthenticator trusted = TrustedUserCaKeysAuthenticator.forFile(file).withClock(recording);
        AuthenticationContext context = TestContexts.from("127.0.0.1");
        OpenSshCertificate cert = sign("ca", "-n", "alice");
        assertTrue(trusted.isAcceptable(context, "alice", cert).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, decidedOn.size());
        assertTrue(decidedOn.get(0).startsWith("sshnetty-signature-"), "decided on " + decidedOn.get(0));

        java.util.concurrent.Executor full = task -> {
            throw new java.util.concurrent.RejectedExecutionException("queue full");
        };
        assertFalse(trusted.withExecutor(full).isAcceptable(context, "alice", cert).toCompletableFuture().getNow(true),
                "a full queue refuses the certificate");
        assertFalse(trusted.withExecutor(full).isAcceptable(context, "alice", user.publicKey()).toCompletableFuture().getNow(true),
                "a plain key is refused at once");
    }

    @Test
    void certAuthorityLineAcceptsCertificatesForItsPrincipalsAndAddsItsOptions() throws Exception {
        Path file = dir.resolve("authorized_keys_ca");
        Files.writeString(file, "cert-authority,principals=\"ops\",no-pty " + PublicKeys.format(ca, "ca") + "\n");
        AuthorizedKeysAuthenticator authenticator = AuthorizedKeysAuthenticator.forFile(file, "alice");
        AuthenticationContext context = TestContexts.from("127.0.0.1");
        KeyRestrictions r = AuthorizedKeysAuthenticatorTest.restrictionsOf(
                authenticator.decide(context, "alice", sign("ca", "-n", "ops", "-O", "force-command=id"))).orElseThrow();
        assertFalse(r.permitPty(), "the line's no-pty");
        assertEquals("id", r.forcedCommand(), "the certificate's force-command");
        assertFalse(authenticator.decide(context, "alice", sign("ca", "-n", "alice")).isSuccess(),
                "principals= replaces the user name");
        assertFalse(authenticator.decide(context, "alice", sign("other_ca", "-n", "ops")).isSuccess());
        assertFalse(authenticator.decide(context, "alice", ca).isSuccess(), "the CA key itself is no user key");
    }

    @Test
    void certAuthorityLineWithoutPrincipalsWantsTheUserName() throws Exception {
        Path file = dir.resolve("authorized_keys_ca2");
        Files.writeString(file, "cert-authority " + PublicKeys.format(ca, "ca") + "\n");
        AuthorizedKeysAuthenticator authenticator = AuthorizedKeysAuthenticator.forFileSharedBy(file, List.of("alice", "bob"));
        AuthenticationContext context = TestContexts.from("127.0.0.1");
        assertTrue(authenticator.decide(context, "alice", sign("ca", "-n", "alice")).isSuccess());
        assertFalse(authenticator.decide(context, "bob", sign("ca", "-n", "alice")).isSuccess());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
