package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** authorized_keys evaluated at authentication time: from=, expiry-time=, bad options, options carried. */
class AuthorizedKeysAuthenticatorTest {
    private static final SshPublicKey KEY = Ed25519HostKey.generate(new SecureRandom()).publicKey();
    private static final AuthenticationContext LOOPBACK = TestContexts.from("127.0.0.1");

    @TempDir
    Path dir;

    private AuthorizedKeysAuthenticator withLine(String options) throws Exception {
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, (options.isEmpty() ? "" : options + " ") + PublicKeys.format(KEY, "k") + "\n");
        return AuthorizedKeysAuthenticator.forFile(file, "alice");
    }

    private static Optional<KeyRestrictions> decide(AuthorizedKeysAuthenticator authenticator, AuthenticationContext context) {
        return restrictionsOf(authenticator.decide(context, "alice", KEY));
    }

    /** The restrictions of an accepting decision; empty for a refusal. */
    static Optional<KeyRestrictions> restrictionsOf(AuthDecision decision) {
        return decision instanceof AuthDecision.Accept accept ? Optional.of(accept.restrictions()) : Optional.empty();
    }

    @Test
    void fromThatDoesNotMatchTheClientRefusesTheKey() throws Exception {
        AuthorizedKeysAuthenticator authenticator = withLine("from=\"10.0.0.0/8\"");
        assertFalse(decide(authenticator, LOOPBACK).isPresent());
        assertFalse(authenticator.isAcceptable(LOOPBACK, "alice", KEY).toCompletableFuture().join(), "not even offered");
        assertTrue(decide(authenticator, TestContexts.from("10.1.2.3")).isPresent());
    }

    @Test
    void fromWithNegationRefusesTheNegatedAddress() throws Exception {
        AuthorizedKeysAuthenticator authenticator = withLine("from=\"127.0.0.0/8,!127.0.0.1\"");
        assertFalse(decide(authenticator, LOOPBACK).isPresent());
        assertTrue(decide(authenticator, TestContexts.from("127.0.0.2")).isPresent());
    }

    @Test
    void matchingFromIsCarriedInTheRestrictions() throws Exception {
        assertEquals("127.0.0.*", decide(withLine("from=\"127.0.0.*\""), LOOPBACK).orElseThrow().from());
    }

    @Test
    void expiryTimeInThePastRefusesTheKey() throws Exception {
        AuthorizedKeysAuthenticator authenticator = withLine("expiry-time=\"20300101Z\"");
        AuthorizedKeysAuthenticator before = authenticator.withClock(Clock.fixed(Instant.parse("2029-12-31T23:59:59Z"), ZoneOffset.UTC));
        AuthorizedKeysAuthenticator after = authenticator.withClock(Clock.fixed(Instant.parse("2030-01-01T00:00:01Z"), ZoneOffset.UTC));
        assertTrue(decide(before, LOOPBACK).isPresent());
        assertFalse(decide(after, LOOPBACK).isPresent());
    }

    @Test
    void lineWithUnknownOptionIsRefusedButALaterLineForTheKeyStillCounts() throws Exception {
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, "frobnicate " + PublicKeys.format(KEY, "k") + "\nno-pty " + PublicKeys.format(KEY, "k") + "\n");
        Optional<KeyRestrictions> restrictions = restrictionsOf(
                AuthorizedKeysAuthenticator.forFile(file, "alice").decide(LOOPBACK, "alice", KEY));
        assertTrue(restrictions.isPresent());
        assertFalse(restrictions.get().permitPty());
        Files.writeString(file, "frobnicate " + PublicKeys.format(KEY, "k") + "\n");
        assertFalse(AuthorizedKeysAuthenticator.forFile(file, "alice").decide(LOOPBACK, "alice", KEY).isSuccess());
    }

    @Test
    void keyOfACertAuthorityLineIsNotAcceptedAsAPlainKey() throws Exception {
        assertFalse(decide(withLine("cert-authority"), LOOPBACK).isPresent());
    }

    @Test
    void optionsOfTheLineAreReturned() throws Exception {
        KeyRestrictions r = decide(withLine("restrict,command=\"uptime\",permitopen=\"db:5432\""), LOOPBACK).orElseThrow();
        assertEquals("uptime", r.forcedCommand());
        assertTrue(r.restricted());
        assertEquals(1, r.permitOpen().size());
    }
}
