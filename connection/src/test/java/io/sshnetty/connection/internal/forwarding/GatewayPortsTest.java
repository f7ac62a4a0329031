package io.sshnetty.connection.internal.forwarding;

import io.sshnetty.connection.forwarding.GatewayPorts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where "tcpip-forward" listens for each GatewayPorts setting, as sshd's channel_fwd_bind_addr decides. */
class GatewayPortsTest {
    @Test
    void noKeepsEveryListenerOnLoopbackButHonoursAnExplicitLoopbackAddress() {
        assertEquals("127.0.0.1", Forwarding.bindHost("", GatewayPorts.NO));
        assertEquals("127.0.0.1", Forwarding.bindHost("*", GatewayPorts.NO));
        assertEquals("127.0.0.1", Forwarding.bindHost("0.0.0.0", GatewayPorts.NO));
        assertEquals("127.0.0.1", Forwarding.bindHost("localhost", GatewayPorts.NO));
        assertEquals("127.0.0.1", Forwarding.bindHost("192.0.2.7", GatewayPorts.NO));
        assertEquals("::1", Forwarding.bindHost("::1", GatewayPorts.NO));
    }

    @Test
    void yesListensEverywhere() {
        assertEquals("0.0.0.0", Forwarding.bindHost("localhost", GatewayPorts.YES));
        assertEquals("0.0.0.0", Forwarding.bindHost("192.0.2.7", GatewayPorts.YES));
    }

    @Test
    void clientSpecifiedTakesWhatTheClientAsked() {
        assertEquals("0.0.0.0", Forwarding.bindHost("", GatewayPorts.CLIENT_SPECIFIED));
        assertEquals("0.0.0.0", Forwarding.bindHost("*", GatewayPorts.CLIENT_SPECIFIED));
        assertEquals("127.0.0.1", Forwarding.bindHost("localhost", GatewayPorts.CLIENT_SPECIFIED));
        assertEquals("192.0.2.7", Forwarding.bindHost("192.0.2.7", GatewayPorts.CLIENT_SPECIFIED));
        assertEquals("gateway.example", Forwarding.bindHost("gateway.example", GatewayPorts.CLIENT_SPECIFIED));
    }
}
