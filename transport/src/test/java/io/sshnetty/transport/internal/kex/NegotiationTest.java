package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.internal.message.KexInit;
import io.sshnetty.transport.kex.NegotiatedAlgorithms;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Algorithm negotiation, RFC 4253 §7.1. */
class NegotiationTest {
    @Test
    void clientsFirstChoiceThatTheServerSupportsWins() {
        assertEquals(Optional.of("b"), Negotiation.firstMatch(List.of("x", "b", "a"), List.of("a", "b")));
        assertEquals(Optional.empty(), Negotiation.firstMatch(List.of("x"), List.of("a", "b")));
        assertEquals(Optional.empty(), Negotiation.firstMatch(List.of(), List.of("a")));
    }

    @Test
    void negotiatesEachFamilyAndDirectionSeparately() {
        KexInit client = init(List.of("ecdh-sha2-nistp256", "curve25519-sha256"), List.of("rsa-sha2-256", "ssh-ed25519"),
                List.of("aes256-ctr"), List.of("aes128-gcm@openssh.com"), List.of("hmac-sha2-512"));
        KexInit server = init(List.of("curve25519-sha256", "ecdh-sha2-nistp256"), List.of("ssh-ed25519", "rsa-sha2-256"),
                List.of("aes128-gcm@openssh.com", "aes256-ctr"), List.of("aes128-gcm@openssh.com", "aes256-ctr"),
                List.of("hmac-sha2-256", "hmac-sha2-512"));

        NegotiatedAlgorithms negotiated = Negotiation.negotiate(client, server);

        assertEquals("ecdh-sha2-nistp256", negotiated.kex());
        assertEquals("rsa-sha2-256", negotiated.hostKey());
        assertEquals("aes256-ctr", negotiated.cipherClientToServer());
        assertEquals("aes128-gcm@openssh.com", negotiated.cipherServerToClient());
        assertEquals("hmac-sha2-512", negotiated.macClientToServer());
        assertNull(negotiated.macServerToClient(), "an AEAD cipher needs no MAC");
    }

    @Test
    void noCommonHostKeyAlgorithmFailsTheKeyExchange() {
        KexInit client = init(List.of("curve25519-sha256"), List.of("ssh-rsa"), List.of("aes256-ctr"), List.of("aes256-ctr"),
                List.of("hmac-sha2-256"));
        KexInit server = init(List.of("curve25519-sha256"), List.of("rsa-sha2-512"), List.of("aes256-ctr"),
                List.of("aes256-ctr"), List.of("hmac-sha2-256"));
        SshProtocolException e = assertThrows(SshProtocolException.class, () -> Negotiation.negotiate(client, server));
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, e.reason());
    }

    @Test
    void guessIsRightOnlyWhenBothPreferTheSameKexAndHostKeyAlgorithm() {
        List<String> ciphers = List.of("aes256-ctr");
        List<String> macs = List.of("hmac-sha2-256");
        KexInit server = init(List.of("curve25519-sha256", "ecdh-sha2-nistp256"), List.of("ssh-ed25519", "rsa-sha2-512"),
                ciphers, ciphers, macs);
        assertTrue(Negotiation.guessIsRight(init(List.of("curve25519-sha256"), List.of("ssh-ed25519", "rsa-sha2-512"),
                ciphers, ciphers, macs), server));
        assertFalse(Negotiation.guessIsRight(init(List.of("ecdh-sha2-nistp256", "curve25519-sha256"),
                List.of("ssh-ed25519"), ciphers, ciphers, macs), server), "different first kex");
        assertFalse(Negotiation.guessIsRight(init(List.of("curve25519-sha256"), List.of("rsa-sha2-512", "ssh-ed25519"),
                ciphers, ciphers, macs), server), "different first host key algorithm");
    }

    private static KexInit init(List<String> kex, List<String> hostKey, List<String> cipherIn, List<String> cipherOut,
            List<String> macs) {
        return new KexInit(new byte[16], kex, hostKey, cipherIn, cipherOut, macs, macs, List.of("none"), List.of("none"),
                List.of(), List.of(), false);
    }
}
