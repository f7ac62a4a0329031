package io.sshnetty.auth.publickey;

import io.netty.channel.embedded.EmbeddedChannel;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.auth.AuthenticationContext;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Authentication contexts of clients at a given address, for authenticators tested without a pipeline. */
final class TestContexts {
    private TestContexts() {
    }

    static AuthenticationContext from(String address) {
        InetSocketAddress remote = new InetSocketAddress(address, 50022);
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            public SocketAddress remoteAddress() {
                return remote;
            }
        };
        try {
            return new AuthenticationContext(ConnectionState.attach(channel));
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
