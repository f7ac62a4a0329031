package io.sshnetty.connection.internal.forwarding;

import io.sshnetty.auth.publickey.AuthorizedKeys;
import io.sshnetty.auth.publickey.KeyRestrictions;
import io.sshnetty.connection.forwarding.ForwardingRequest;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.PublicKeys;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** authorized_keys forwarding options as sshd reads them. */
class KeyRestrictionCheckTest {
    private static final String KEY = PublicKeys.format(Ed25519HostKey.generate(new SecureRandom()).publicKey(), "k");

    private static KeyRestrictions options(String options) {
        return KeyRestrictions.of(AuthorizedKeys.parse(options + " " + KEY, "test").get(0).options());
    }

    private static ForwardingRequest local(String host, int port) {
        return new ForwardingRequest(ForwardingRequest.Kind.LOCAL_TCP, "u", "c", null, host, port, null);
    }

    private static ForwardingRequest listen(String host, int port) {
        return new ForwardingRequest(ForwardingRequest.Kind.REMOTE_TCP, "u", "c", null, host, port, null);
    }

    @Test
    void noPortForwardingForbidsEveryKind() {
        KeyRestrictions none = options("no-port-forwarding");
        assertFalse(KeyRestrictionCheck.allows(none, local("127.0.0.1", 80)));
        assertFalse(KeyRestrictionCheck.allows(none, listen("localhost", 8080)));
        assertFalse(KeyRestrictionCheck.allows(none, new ForwardingRequest(ForwardingRequest.Kind.LOCAL_UNIX, "u", "c",
                null, null, 0, "/tmp/socket")));
        assertFalse(KeyRestrictionCheck.allows(options("restrict"), local("127.0.0.1", 80)));
    }

    @Test
    void permitOpenMatchesHostAndPortWithWildcards() {
        KeyRestrictions open = options("permitopen=\"db:5432\",permitopen=\"cache:*\",permitopen=\"[::1]:22\"");
        assertTrue(KeyRestrictionCheck.allows(open, local("db", 5432)));
        assertFalse(KeyRestrictionCheck.allows(open, local("db", 5433)));
        assertTrue(KeyRestrictionCheck.allows(open, local("cache", 11211)));
        assertTrue(KeyRestrictionCheck.allows(open, local("::1", 22)));
        assertFalse(KeyRestrictionCheck.allows(open, local("other", 5432)));
    }

    @Test
    void permitListenTakesABarePortAsLocalhost() {
        KeyRestrictions listen = options("permitlisten=\"8080\",permitlisten=\"0.0.0.0:9090\"");
        assertTrue(KeyRestrictionCheck.allows(listen, listen("localhost", 8080)));
        assertTrue(KeyRestrictionCheck.allows(listen, listen("", 8080)));
        assertFalse(KeyRestrictionCheck.allows(listen, listen("0.0.0.0", 8080)));
        assertTrue(KeyRestrictionCheck.allows(listen, listen("0.0.0.0", 9090)));
        assertFalse(KeyRestrictionCheck.allows(listen, listen("localhost", 7070)));
    }

    @Test
    void withoutOptionsEverythingThePolicyAllowsIsAllowed() {
        assertTrue(KeyRestrictionCheck.allows(KeyRestrictions.NONE, local("anything", 1)));
        assertTrue(KeyRestrictionCheck.allows(KeyRestrictions.NONE, listen("", 1)));
    }
}
