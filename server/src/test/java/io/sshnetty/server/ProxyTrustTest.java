package io.sshnetty.server;

import io.sshnetty.server.registry.AdmissionMetrics.Drop;
import io.sshnetty.server.registry.ConnectionInfo;
import io.sshnetty.server.registry.ConnectionListener;
import io.sshnetty.testing.RawSshSocket;
import io.sshnetty.transport.SshConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PROXY protocol is believed only from the trusted proxy networks, and admission runs on the address it names. */
class ProxyTrustTest {
    private static final InetSocketAddress SPOOFED = new InetSocketAddress("203.0.113.7", 50123);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 22);

    @Test
    @Timeout(60)
    void aHeaderFromAnUntrustedPeerIsNotBelievedAndClosesTheConnection() throws Exception {
        List<SocketAddress> seen = new CopyOnWriteArrayList<>();
        try (SshServer server = AdmissionTest.passwordServer().proxyProtocol("10.0.0.0/8")
                .connectionListener(recordingAddresses(seen)).build(); MinaLogins logins = new MinaLogins()) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            for (boolean v2 : new boolean[] {true, false}) {
                try (RawSshSocket spoofer = RawSshSocket.connect(address)) {
                    if (v2) {
                        spoofer.sendProxyV2(SPOOFED, SERVER);
                    } else {
                        spoofer.sendProxyV1(SPOOFED, SERVER);
                    }
                    spoofer.sendIdentification();
                    assertTrue(spoofer.awaitClosedByServer(Duration.ofSeconds(5)), "closed at once");
                    AdmissionTest.awaitTrue(() -> server.registry().size() == 0, Duration.ofSeconds(10));
                }
            }
            assertEquals(2, server.registry().admission().drops(Drop.UNTRUSTED_PROXY_HEADER));
            for (SocketAddress remote : seen) {
                assertEquals("127.0.0.1", ((InetSocketAddress) remote).getAddress().getHostAddress(), "the socket's address");
            }
            assertTrue(logins.login(address, "user", "secret"), "an untrusted peer may still connect directly");
        }
    }

    @Test
    @Timeout(60)
    void aTrustedProxysHeaderIsBelievedAndAdmissionRunsAgainOnIt() throws Exception {
        InetSocketAddress refused = new InetSocketAddress("203.0.113.66", 40000);
        try (SshServer server = AdmissionTest.passwordServer().proxyProtocol("127.0.0.0/8")
                .admission(AdmissionControl.DEFAULT.withMaxPerSource(1))
                .refuseConnection(peer -> peer.getAddress().equals(refused.getAddress())).build()) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (RawSshSocket first = RawSshSocket.connect(address);
                 RawSshSocket otherClient = RawSshSocket.connect(address);
                 RawSshSocket sameClient = RawSshSocket.connect(address);
                 RawSshSocket refusedClient = RawSshSocket.connect(address)) {
                first.sendProxyV2(SPOOFED, SERVER).sendIdentification();
                ConnectionInfo info = awaitListed(server, SPOOFED);
                assertEquals(SPOOFED, info.remoteAddress(), "the trusted proxy's header names the client");
                // Every connection comes from 127.0.0.1, yet the per-source limit of 1 counts proxied clients.
                otherClient.sendProxyV1(new InetSocketAddress("198.51.100.9", 1234), SERVER).sendIdentification();
                assertNotNull(awaitListed(server, new InetSocketAddress("198.51.100.9", 1234)));
                sameClient.sendProxyV2(new InetSocketAddress("203.0.113.7", 50124), SERVER).sendIdentification();
                assertTrue(sameClient.awaitClosedByServer(Duration.ofSeconds(10)), "a second connection of 203.0.113.7");
                refusedClient.sendProxyV2(refused, SERVER).sendIdentification();
                assertTrue(refusedClient.awaitClosedByServer(Duration.ofSeconds(10)), "the hook sees the proxied address");
                assertFalse(first.awaitClosedByServer(Duration.ofMillis(200)), "the admitted ones stay");
            }
            assertEquals(1, server.registry().admission().drops(Drop.SOURCE_LIMIT));
            assertEquals(1, server.registry().admission().drops(Drop.REFUSED_BY_APPLICATION));
        }
    }

    @Test
    void proxyProtocolWithoutTrustedNetworksIsRefusedAtBuild() {
        assertThrows(IllegalStateException.class, () -> AdmissionTest.passwordServer().proxyProtocol(true).build());
    }

    private static ConnectionInfo awaitListed(SshServer server, InetSocketAddress client) throws Exception {
        for (int i = 0; i < 400; i++) {
            for (ConnectionInfo info : server.registry().list().toCompletableFuture().get(10, TimeUnit.SECONDS)) {
                if (client.equals(info.remoteAddress())) {
                    return info;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("not listed: " + client);
    }

    private static ConnectionListener recordingAddresses(List<SocketAddress> seen) {
        return new ConnectionListener() {
            @Override
            public void closed(SshConnection connection, String reason) {
                seen.add(connection.remoteAddress());
            }
        };
    }
}
