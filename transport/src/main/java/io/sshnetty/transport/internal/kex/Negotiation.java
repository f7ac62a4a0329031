package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.internal.cipher.CipherAlgorithm;
import io.sshnetty.transport.internal.cipher.CipherAlgorithms;
import io.sshnetty.transport.internal.message.KexInit;
import io.sshnetty.transport.kex.NegotiatedAlgorithms;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.util.List;
import java.util.Optional;

/** Algorithm negotiation over name-lists, RFC 4253 §7.1: the one function all of KEX uses. */
public final class Negotiation {
    private Negotiation() {
    }

    /** The first algorithm on the client's list that is also on the server's. */
    public static Optional<String> firstMatch(List<String> client, List<String> server) {
        for (String name : client) {
            if (server.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Settles every algorithm from the client's and our KEXINIT, or fails with KEY_EXCHANGE_FAILED. */
    public static NegotiatedAlgorithms negotiate(KexInit client, KexInit server) {
        // Pseudo-algorithms name signals, not methods: a client naming only ours must fail here, not later.
        List<String> serverMethods = server.kexAlgorithms().stream()
                .filter(name -> !KexAlgorithms.isPseudoAlgorithm(name)).toList();
        String kex = require("key exchange", client.kexAlgorithms(), serverMethods);
        String hostKey = require("host key", client.serverHostKeyAlgorithms(), server.serverHostKeyAlgorithms());
        String cipherIn = require("cipher (client to server)", client.encryptionClientToServer(), server.encryptionClientToServer());
        String cipherOut = require("cipher (server to client)", client.encryptionServerToClient(), server.encryptionServerToClient());
        String macIn = isAead(cipherIn) ? null
                : require("MAC (client to server)", client.macClientToServer(), server.macClientToServer());
        String macOut = isAead(cipherOut) ? null
                : require("MAC (server to client)", client.macServerToClient(), server.macServerToClient());
        String compressionIn = require("compression (client to server)", client.compressionClientToServer(), server.compressionClientToServer());
        String compressionOut = require("compression (server to client)", client.compressionServerToClient(), server.compressionServerToClient());
        return new NegotiatedAlgorithms(kex, hostKey, cipherIn, cipherOut, macIn, macOut, compressionIn, compressionOut);
    }

    /**
     * RFC 4253 §7.1: a guessed first packet is right only when both sides prefer the same key exchange
     * method and the same host key algorithm.
     */
    public static boolean guessIsRight(KexInit client, KexInit server) {
        return first(client.kexAlgorithms()).equals(first(server.kexAlgorithms()))
                && first(client.serverHostKeyAlgorithms()).equals(first(server.serverHostKeyAlgorithms()));
    }

    private static String first(List<String> names) {
        return names.isEmpty() ? "" : names.get(0);
    }

    private static boolean isAead(String cipher) {
        return CipherAlgorithms.byName(cipher).map(CipherAlgorithm::isAead).orElse(false);
    }

    private static String require(String what, List<String> client, List<String> server) {
        return firstMatch(client, server).orElseThrow(() -> new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                "no matching " + what + " algorithm; client offers " + String.join(",", client)
                        + "; server offers " + String.join(",", server)));
    }
}
