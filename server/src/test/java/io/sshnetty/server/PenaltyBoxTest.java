package io.sshnetty.server;

import io.sshnetty.server.PerSourcePenalties.Overflow;
import io.sshnetty.server.PerSourcePenalties.Penalty;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The penalty table and the address blocks it keeps, without a server. */
class PenaltyBoxTest {
    private static PerSourcePenalties settings(int maxSources, Overflow overflow, List<Cidr> exempt) {
        return new PerSourcePenalties(Map.of(Penalty.AUTHENTICATION_FAILURE, Duration.ofSeconds(30)), Duration.ofSeconds(15),
                Duration.ofMinutes(10), maxSources, maxSources, overflow, overflow, exempt);
    }

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aPenaltyRefusesTheWholeNetBlock() throws Exception {
        PenaltyBox box = new PenaltyBox(settings(10, Overflow.PERMISSIVE, List.of()),
                AdmissionControl.DEFAULT.withNetBlockSize(24, 64));
        assertEquals(Cidr.parse("192.0.2.0/24"), box.penalise(address("192.0.2.10"), Penalty.AUTHENTICATION_FAILURE));
        assertNotNull(box.refusal(address("192.0.2.200")), "same /24");
        assertNull(box.refusal(address("192.0.3.1")), "another /24");
        assertNull(box.penalise(address("192.0.2.11"), Penalty.AUTHENTICATION_FAILURE), "already refused: not reported again");
        assertNull(box.penalise(address("192.0.2.11"), Penalty.NO_AUTHENTICATION), "earns nothing here");
        assertEquals(1, box.size());
    }

    @Test
    void exemptNetworksAreNeverPenalised() throws Exception {
        PenaltyBox box = new PenaltyBox(settings(10, Overflow.PERMISSIVE, List.of(Cidr.parse("198.51.100.0/24"))),
                AdmissionControl.DEFAULT);
        assertNull(box.penalise(address("198.51.100.7"), Penalty.AUTHENTICATION_FAILURE));
        assertNull(box.refusal(address("198.51.100.7")));
        assertEquals(0, box.size());
    }

    @Test
    void overflowIsPermissiveOrDeniesAll() throws Exception {
        PenaltyBox permissive = new PenaltyBox(settings(1, Overflow.PERMISSIVE, List.of()), AdmissionControl.DEFAULT);
        assertNotNull(permissive.penalise(address("192.0.2.1"), Penalty.AUTHENTICATION_FAILURE));
        assertNull(permissive.penalise(address("192.0.2.2"), Penalty.AUTHENTICATION_FAILURE), "table full: not recorded");
        assertNull(permissive.refusal(address("192.0.2.2")));
        assertNull(permissive.refusal(address("2001:db8::1")), "the IPv6 table is separate");

        PenaltyBox denyAll = new PenaltyBox(settings(1, Overflow.DENY_ALL, List.of()), AdmissionControl.DEFAULT);
        denyAll.penalise(address("192.0.2.1"), Penalty.AUTHENTICATION_FAILURE);
        assertTrue(denyAll.refusal(address("192.0.2.99")).contains("deny-all"), "every new IPv4 source refused");
        assertNull(denyAll.refusal(address("2001:db8::1")), "IPv6 unaffected");
    }

    @Test
    void cidrParsesMatchesAndRefusesNames() throws Exception {
        Cidr network = Cidr.parse("10.1.2.3/8");
        assertEquals("10.0.0.0/8", network.toString());
        assertTrue(network.contains(address("10.255.0.1")));
        assertFalse(network.contains(address("11.0.0.1")));
        assertTrue(Cidr.parse("2001:db8::/32").contains(address("2001:db8:1::5")));
        assertFalse(Cidr.parse("2001:db8::/32").contains(address("10.0.0.1")));
        assertEquals(Cidr.parse("127.0.0.1/32"), Cidr.parse("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }
}
