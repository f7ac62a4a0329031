/**
 * SSH transport (RFC 4253): identification, binary packets, key exchange, ciphers, host keys. An application
 * uses {@link io.sshnetty.transport.AlgorithmPreferences}, {@link io.sshnetty.transport.SshConnection}, the
 * key types and key files of {@code keys}, and the few wire helpers that are API on purpose; the rest is the
 * library's inside, exported to the sibling modules only.
 */
module io.sshnetty.transport {
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    requires transitive io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    requires transitive org.bouncycastle.provider; // NistCurve hands out its curve as Bouncy Castle types
    requires org.slf4j;
    // Optional: HotSpot's flags, read once to learn whether the JDK's ChaCha20 is intrinsified (ChaCha20Poly1305).
    requires static java.management;
    requires static jdk.management;

    exports io.sshnetty.transport;
    exports io.sshnetty.transport.kex;
    exports io.sshnetty.transport.keys;
    exports io.sshnetty.transport.packet;
    exports io.sshnetty.transport.wire;

    exports io.sshnetty.transport.internal to io.sshnetty.auth, io.sshnetty.connection, io.sshnetty.server;
    exports io.sshnetty.transport.internal.kex to io.sshnetty.server;
    exports io.sshnetty.transport.internal.message to io.sshnetty.auth, io.sshnetty.connection;
    exports io.sshnetty.transport.internal.packet to io.sshnetty.auth, io.sshnetty.connection, io.sshnetty.server;
    exports io.sshnetty.transport.internal.wire to io.sshnetty.auth, io.sshnetty.connection, io.sshnetty.server;
}
