package io.sshnetty.server;

import io.sshnetty.server.PerSourcePenalties.Penalty;
import io.sshnetty.server.registry.AdmissionMetrics.Drop;
import io.sshnetty.testing.RawSshSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sshd's PerSourcePenalties, with test-sized durations: they accrue to min, refuse at accept, cap at max, expire. */
class PenaltiesTest {
    /** Only "closed without authenticating" earns anything, and loopback is not exempt. */
    private static PerSourcePenalties noauthOnly(Duration noauth, Duration min, Duration max) {
        return new PerSourcePenalties(Map.of(Penalty.NO_AUTHENTICATION, noauth), min, max, 100, 100,
                PerSourcePenalties.Overflow.PERMISSIVE, PerSourcePenalties.Overflow.PERMISSIVE, List.of());
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    @Test
    @Timeout(60)
    void penaltiesAccrueToTheMinimumThenRefuseAtAcceptUntilTheyExpire() throws Exception {
        PerSourcePenalties penalties = noauthOnly(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(30));
        try (SshServer server = AdmissionTest.passwordServer().penalties(penalties).build()) {
            InetSocketAddress address = server.bind(loopback());
            hangUp(address, server, 1);
            assertTrue(accepted(address), "2 s accrued is below the 3 s minimum: still served");
            // That connection hung up too: 4 s accrued (less the little time since), past the minimum.
            // Refused at accept, then served again once it runs out.
            AdmissionTest.awaitTrue(() -> server.registry().size() == 0, Duration.ofSeconds(10));
            long refusedAt = System.nanoTime();
            assertFalse(accepted(address), "penalised: refused at accept");
            assertTrue(server.registry().admission().drops(Drop.PENALISED) >= 1);
            while (!accepted(address)) {
                assertTrue(System.nanoTime() - refusedAt < Duration.ofSeconds(20).toNanos(), "the penalty expires");
                Thread.sleep(100);
            }
            assertTrue(server.registry().admission().penalties().get(Penalty.NO_AUTHENTICATION.name()) >= 2);
        }
    }

    @Test
    @Timeout(60)
    void concurrentPenaltiesAddUpButAreCappedAtTheMaximum() throws Exception {
        PerSourcePenalties penalties = noauthOnly(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (SshServer server = AdmissionTest.passwordServer().penalties(penalties).build()) {
            InetSocketAddress address = server.bind(loopback());
            List<RawSshSocket> open = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                open.add(RawSshSocket.connect(address));
            }
            AdmissionTest.awaitTrue(() -> server.registry().size() == 8, Duration.ofSeconds(10));
            for (RawSshSocket socket : open) {
                socket.close();
            }
            AdmissionTest.awaitTrue(() -> server.registry().size() == 0, Duration.ofSeconds(10));
            long start = System.nanoTime();
            assertFalse(accepted(address), "8 × 5 s earned: refused");
            while (!accepted(address)) {
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Uncapped the block would wait 40 s; capped at 2 s it comes back well before 40 s.
            assertTrue(seconds < 20, "capped at the maximum, back after " + seconds + " s");
        }
    }

    @Test
    @Timeout(60)
    void loopbackIsExemptByDefault() throws Exception {
        try (SshServer server = AdmissionTest.passwordServer()
                .penalties(PerSourcePenalties.DEFAULT.with(Penalty.NO_AUTHENTICATION, Duration.ofSeconds(60))).build()) {
            InetSocketAddress address = server.bind(loopback());
            hangUp(address, server, 3);
            assertTrue(accepted(address), "loopback is never penalised by default");
        }
    }

    @Test
    @Timeout(60)
    void aProtocolViolationRefusesTheSourceAtOnceWithSshdsDefaults() throws Exception {
        PerSourcePenalties penalties = PerSourcePenalties.DEFAULT.withExempt(List.of());
        try (SshServer server = AdmissionTest.passwordServer().penalties(penalties).build()) {
            InetSocketAddress address = server.bind(loopback());
            try (RawSshSocket violator = RawSshSocket.connect(address)) {
                violator.sendIdentification();
                // A packet whose padding is shorter than RFC 4253's four bytes: a protocol error.
                violator.sendRaw(new byte[] {0, 0, 0, 12, 1, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                assertTrue(violator.awaitClosedByServer(Duration.ofSeconds(20)));
            }
            AdmissionTest.awaitTrue(() -> server.registry().size() == 0, Duration.ofSeconds(10));
            assertFalse(accepted(address), "90 s earned at once, past the 15 s minimum");
            assertEquals(1L, server.registry().admission().penalties().get(Penalty.PROTOCOL_VIOLATION.name()));
        }
    }

    @Test
    @Timeout(60)
    void theRefuseConnectionHookRefusesAndPenalises() throws Exception {
        try (SshServer server = AdmissionTest.passwordServer().refuseConnection(peer -> true).build()) {
            InetSocketAddress address = server.bind(loopback());
            assertFalse(accepted(address));
            assertEquals(1, server.registry().admission().drops(Drop.REFUSED_BY_APPLICATION));
            assertEquals(1L, server.registry().admission().penalties().get(Penalty.REFUSED_CONNECTION.name()));
        }
    }

    @Test
    @Timeout(60)
    void failedPasswordsEarnAuthfailAndAnUnknownUserInvalidUser() throws Exception {
        PerSourcePenalties penalties = new PerSourcePenalties(Map.of(Penalty.AUTHENTICATION_FAILURE, Duration.ofSeconds(30),
                Penalty.INVALID_USER, Duration.ofSeconds(30)), Duration.ofSeconds(1), Duration.ofSeconds(60), 100, 100,
                PerSourcePenalties.Overflow.PERMISSIVE, PerSourcePenalties.Overflow.PERMISSIVE, List.of());
        try (SshServer server = AdmissionTest.passwordServer().penalties(penalties).build(); MinaLogins logins = new MinaLogins()) {
            InetSocketAddress address = server.bind(loopback());
            assertTrue(accepted(address), "noauth earns nothing here");
            assertFalse(logins.login(address, "user", "wrong"));
            AdmissionTest.awaitTrue(() -> server.registry().size() == 0, Duration.ofSeconds(10));
            assertFalse(accepted(address), "a failed login's 30 s: refused");
            assertFalse(logins.login(address, "user", "secret"), "refused at accept even with the right password");
            assertEquals(1L, server.registry().admission().penalties().get(Penalty.AUTHENTICATION_FAILURE.name()));
        }
    }

    @Test
    @Timeout(60)
    void anUnknownUserEarnsInvalidUserAndAStalledLoginGraceExceeded() throws Exception {
        PerSourcePenalties penalties = new PerSourcePenalties(Map.of(Penalty.INVALID_USER, Duration.ofSeconds(30),
                Penalty.GRACE_EXCEEDED, Duration.ofSeconds(30)), Duration.ofSeconds(1), Duration.ofSeconds(60), 100, 100,
                PerSourcePenalties.Overflow.PERMISSIVE, PerSourcePenalties.Overflow.PERMISSIVE, List.of());
        try (SshServer unknownUsers = AdmissionTest.passwordServer().penalties(penalties)
                .passwordAuthenticator((context, user, password) -> java.util.concurrent.CompletableFuture.completedFuture(
                        io.sshnetty.auth.AuthDecision.invalidUser())).build();
             MinaLogins logins = new MinaLogins()) {
            InetSocketAddress address = unknownUsers.bind(loopback());
            assertFalse(logins.login(address, "nobody", "guess"));
            AdmissionTest.awaitTrue(() -> unknownUsers.registry().size() == 0, Duration.ofSeconds(10));
            assertFalse(accepted(address), "an invalid user's 30 s: refused");
            assertEquals(1L, unknownUsers.registry().admission().penalties().get(Penalty.INVALID_USER.name()));
        }
        try (SshServer slow = AdmissionTest.passwordServer().penalties(penalties).loginGraceTime(Duration.ofMillis(500)).build()) {
            InetSocketAddress address = slow.bind(loopback());
            try (RawSshSocket stalled = RawSshSocket.connect(address)) {
                stalled.sendIdentification();
                assertTrue(stalled.awaitClosedByServer(Duration.ofSeconds(20)));
            }
            AdmissionTest.awaitTrue(() -> slow.registry().size() == 0, Duration.ofSeconds(10));
            assertFalse(accepted(address), "grace time exceeded: refused");
            assertEquals(1L, slow.registry().admission().penalties().get(Penalty.GRACE_EXCEEDED.name()));
        }
    }

    /** Connects {@code count} times and hangs up without a word; waits until the server has seen each go. */
    private static void hangUp(InetSocketAddress address, SshServer server, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            try (RawSshSocket socket = RawSshSocket.connect(address)) {
                assertTrue(socket.readLine(Duration.ofSeconds(10)).startsWith("SSH-2.0-"), "served");
            }
            AdmissionTest.awaitTrue(() -> server.registry().size() == 0, Duration.ofSeconds(10));
        }
    }

    /** Whether a new connection is served (gets the banner) rather than closed at accept. */
    private static boolean accepted(InetSocketAddress address) throws IOException {
        try (RawSshSocket socket = RawSshSocket.connect(address)) {
            String banner = socket.readLine(Duration.ofSeconds(10));
            return banner != null;
        }
    }
}
