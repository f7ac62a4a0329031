package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every authorized_keys option sshd(8) knows, as KeyRestrictions carries it. */
class KeyRestrictionsTest {
    private static final SshPublicKey KEY = Ed25519HostKey.generate(new SecureRandom()).publicKey();

    private static KeyRestrictions of(String options) {
        String line = options + " " + PublicKeys.format(KEY, "comment");
        List<AuthorizedKey> keys = AuthorizedKeys.parse(line, "test");
        assertEquals(1, keys.size(), "the line parses");
        return KeyRestrictions.of(keys.get(0).options());
    }

    @Test
    void keyWithoutOptionsIsUnrestricted() {
        assertEquals(KeyRestrictions.NONE, KeyRestrictions.of(List.of()));
        assertTrue(KeyRestrictions.NONE.permitPty() && KeyRestrictions.NONE.permitPortForwarding()
                && KeyRestrictions.NONE.permitAgentForwarding() && KeyRestrictions.NONE.permitX11Forwarding()
                && KeyRestrictions.NONE.permitUserRc());
        assertNull(KeyRestrictions.NONE.forcedCommand());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-pty", "no-port-forwarding", "no-agent-forwarding", "no-X11-forwarding", "no-user-rc"})
    void eachNoOptionTurnsOffItsPermissionOnly(String option) {
        KeyRestrictions r = of(option);
        List<Predicate<KeyRestrictions>> permissions = List.of(KeyRestrictions::permitPty,
                KeyRestrictions::permitPortForwarding, KeyRestrictions::permitAgentForwarding,
                KeyRestrictions::permitX11Forwarding, KeyRestrictions::permitUserRc);
        List<String> names = List.of("no-pty", "no-port-forwarding", "no-agent-forwarding", "no-X11-forwarding", "no-user-rc");
        for (int i = 0; i < names.size(); i++) {
            assertEquals(!names.get(i).equals(option), permissions.get(i).test(r), names.get(i) + " after " + option);
        }
    }

    @Test
    void restrictTurnsEverythingOffAndLaterOptionsTurnItBackOn() {
        KeyRestrictions r = of("restrict");
        assertTrue(r.restricted());
        assertFalse(r.permitPty() || r.permitPortForwarding() || r.permitAgentForwarding() || r.permitX11Forwarding()
                || r.permitUserRc());
        KeyRestrictions some = of("restrict,pty,port-forwarding,agent-forwarding,X11-forwarding,user-rc");
        assertTrue(some.permitPty() && some.permitPortForwarding() && some.permitAgentForwarding()
                && some.permitX11Forwarding() && some.permitUserRc());
    }

    @Test
    void commandIsTheForcedCommandWithItsQuotesUnescaped() {
        assertEquals("echo \"hi\"", of("command=\"echo \\\"hi\\\"\"").forcedCommand());
    }

    @Test
    void fromIsCarriedAsWritten() {
        assertEquals("10.0.0.0/8,!10.1.*", of("from=\"10.0.0.0/8,!10.1.*\"").from());
    }

    @Test
    void permitOpenPermitListenAndEnvironmentAccumulateInOrder() {
        KeyRestrictions r = of("permitopen=\"db:5432\",permitopen=\"[::1]:*\",permitlisten=\"8080\","
                + "permitlisten=\"localhost:9090\",environment=\"A=1\",environment=\"B=two words\"");
        assertEquals(List.of("db:5432", "[::1]:*"), r.permitOpen());
        assertEquals(List.of("8080", "localhost:9090"), r.permitListen());
        assertEquals(List.of("A=1", "B=two words"), r.environment());
    }

    @ParameterizedTest
    @ValueSource(strings = {"permitopen=\"db\"", "permitopen=\"db:http\"", "permitlisten=\":80\"", "environment=\"NOEQUALS\"",
        "environment=\"=x\"", "tunnel=\"x\"", "expiry-time=\"2030\"", "expiry-time=\"20301301\"", "no-pty=\"x\"",
        "command", "from", "frobnicate", "cert-authority=\"yes\""})
    void malformedOrUnknownOptionsRefuseTheLine(String option) {
        assertThrows(IllegalArgumentException.class, () -> of(option));
    }

    @Test
    void expiryTimeReadsEachOfSshdsFormats() {
        ZoneId utc = ZoneOffset.UTC;
        assertEquals(Instant.parse("2030-01-02T00:00:00Z"), KeyRestrictions.parseExpiryTime("20300102", utc));
        assertEquals(Instant.parse("2030-01-02T03:04:00Z"), KeyRestrictions.parseExpiryTime("203001020304", utc));
        assertEquals(Instant.parse("2030-01-02T03:04:05Z"), KeyRestrictions.parseExpiryTime("20300102030405", utc));
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        assertEquals(Instant.parse("2030-01-01T15:00:00Z"), KeyRestrictions.parseExpiryTime("20300102", tokyo), "local time");
        assertEquals(Instant.parse("2030-01-02T00:00:00Z"), KeyRestrictions.parseExpiryTime("20300102Z", tokyo), "Z is UTC");
    }

    @Test
    void principalsTunnelAndFidoOptionsAreCarried() {
        KeyRestrictions r = of("cert-authority,principals=\"ops,dev\",tunnel=\"3\",no-touch-required,verify-required");
        assertEquals(List.of("ops", "dev"), r.principals());
        assertEquals(3, r.tunnel());
        assertFalse(r.touchRequired());
        assertTrue(r.verifyRequired());
    }

    @Test
    void combiningKeepsTheStricterOfEach() {
        KeyRestrictions line = of("no-pty,permitopen=\"a:1\",expiry-time=\"20300101Z\"");
        KeyRestrictions cert = of("no-agent-forwarding,command=\"ls\",expiry-time=\"20290101Z\"");
        KeyRestrictions both = line.and(cert);
        assertFalse(both.permitPty());
        assertFalse(both.permitAgentForwarding());
        assertTrue(both.permitX11Forwarding());
        assertEquals("ls", both.forcedCommand());
        assertEquals(List.of("a:1"), both.permitOpen());
        assertEquals(Instant.parse("2029-01-01T00:00:00Z"), both.expiryTime());
    }

    @Test
    void twoDifferentForcedCommandsCannotBeCombined() {
        assertThrows(IllegalArgumentException.class, () -> of("command=\"a\"").and(of("command=\"b\"")));
        assertEquals("a", of("command=\"a\"").and(of("command=\"a\"")).forcedCommand());
    }
}
