package io.sshnetty.transport.internal.kex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.internal.message.KexInit;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's KEXINIT, built once per configuration: each connection's copy has its own cookie, nothing else differs. */
class ServerKexInitTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> HOST_KEY_ALGORITHMS = List.of("ssh-ed25519");

    private static TransportConfig config() {
        return TransportConfig.of("SSH-2.0-sshnetty_test", List.of(Ed25519HostKey.generate(RANDOM)));
    }

    private static byte[] cookie(int fill) {
        byte[] cookie = new byte[KexInit.COOKIE_LENGTH];
        Arrays.fill(cookie, (byte) fill);
        return cookie;
    }

    private static byte[] encode(KexInit init) {
        ByteBuf out = Unpooled.buffer();
        try {
            init.encode(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void payloadIsTheMessagesEncodingWithItsCookie() {
        ServerKexInit init = ServerKexInit.of(config(), () -> HOST_KEY_ALGORITHMS);
        for (boolean first : new boolean[] {true, false}) {
            ServerKexInit.Prepared prepared = init.prepare(cookie(7), first);
            assertArrayEquals(encode(prepared.message()), prepared.payload());
            assertArrayEquals(cookie(7), prepared.message().cookie());
            assertEquals(HOST_KEY_ALGORITHMS, prepared.message().serverHostKeyAlgorithms());
        }
    }

    @Test
    void onlyTheFirstKeyExchangeOffersExtInfoAndStrictKex() {
        TransportConfig config = config();
        ServerKexInit init = ServerKexInit.of(config, () -> HOST_KEY_ALGORITHMS);
        List<String> first = init.prepare(cookie(1), true).message().kexAlgorithms();
        List<String> rekey = init.prepare(cookie(1), false).message().kexAlgorithms();
        assertEquals(config.algorithms().kex(), rekey);
        assertEquals(config.algorithms().kex(), first.subList(0, rekey.size()));
        assertEquals(List.of(KexAlgorithms.EXT_INFO_SERVER, KexAlgorithms.STRICT_KEX_SERVER), first.subList(rekey.size(), first.size()));
        assertFalse(rekey.contains(KexAlgorithms.STRICT_KEX_SERVER));
    }

    @Test
    void connectionsShareTheListsButNotTheCookieOrPayload() {
        ServerKexInit init = ServerKexInit.of(config(), () -> HOST_KEY_ALGORITHMS);
        byte[] cookie = cookie(3);
        ServerKexInit.Prepared one = init.prepare(cookie, true);
        ServerKexInit.Prepared two = init.prepare(cookie(4), true);
        cookie[0] = 99; // the caller's array is copied
        assertArrayEquals(cookie(3), one.message().cookie());
        assertNotSame(one.payload(), two.payload());
        assertEquals(3, one.payload()[1]);
        assertEquals(4, two.payload()[1]);
        assertSame(one.message().kexAlgorithms(), two.message().kexAlgorithms());
    }

    @Test
    void builtOncePerConfigurationAndAgainForAnother() {
        TransportConfig config = config();
        int[] built = new int[1];
        ServerKexInit first = ServerKexInit.of(config, () -> {
            built[0]++;
            return HOST_KEY_ALGORITHMS;
        });
        assertSame(first, ServerKexInit.of(config, () -> {
            built[0]++;
            return HOST_KEY_ALGORITHMS;
        }));
        assertEquals(1, built[0]);
        ServerKexInit other = ServerKexInit.of(config(), () -> List.of("rsa-sha2-256"));
        assertNotSame(first, other);
        assertEquals(List.of("rsa-sha2-256"), other.prepare(cookie(0), true).message().serverHostKeyAlgorithms());
        assertTrue(ServerKexInit.of(config, () -> HOST_KEY_ALGORITHMS).prepare(cookie(0), false).payload().length > 0);
    }

    @Test
    void aCookieOfAnotherLengthIsRefused() {
        ServerKexInit init = ServerKexInit.of(config(), () -> HOST_KEY_ALGORITHMS);
        assertThrows(IllegalArgumentException.class, () -> init.prepare(new byte[15], true));
    }
}
