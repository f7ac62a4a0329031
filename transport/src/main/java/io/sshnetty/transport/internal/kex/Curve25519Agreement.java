package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.bouncycastle.math.ec.rfc7748.X25519;


/**
 * X25519 (RFC 7748) for curve25519-sha256 and curve25519-sha256@libssh.org (RFC 8731) and as the classical
 * half of the hybrid methods, with Bouncy Castle's low-level X25519 (measured ≈ 5× faster than the JDK's
 * provider for the server's handshake math).
 */
public final class Curve25519Agreement implements KeyAgreement {
    /** Length of a public key and of the shared secret, RFC 7748 §5. */
    public static final int KEY_LENGTH = X25519.POINT_SIZE;


    /** RFC 8731 §3: K is the shared secret as an mpint. */
    @Override
    public Agreed agree(byte[] clientPublic) {
        byte[][] serverPublicAndShared = exchange(clientPublic);
        return new Agreed(clientPublic, serverPublicAndShared[0], ExchangeHash.mpint(serverPublicAndShared[1]));
    }

    /**
     * A fresh server key pair and its agreement with {@code clientPublic}: {@code {server public, shared
     * secret}}.
     *
     * @throws SshProtocolException KEY_EXCHANGE_FAILED when the client's key is not 32 bytes or the shared
     *                              secret is all zero (RFC 8731 §3)
     */
    static byte[][] exchange(byte[] clientPublic) {
        if (clientPublic.length != KEY_LENGTH) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "curve25519 public key of " + clientPublic.length + " bytes");
        }
        byte[] privateKey = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(Randomness.current(), privateKey);
        byte[] serverPublic = new byte[KEY_LENGTH];
        X25519.generatePublicKey(privateKey, 0, serverPublic, 0);
        byte[] shared = new byte[KEY_LENGTH];
        if (!X25519.calculateAgreement(privateKey, 0, clientPublic, 0, shared, 0)) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "curve25519 shared secret is zero");
        }
        return new byte[][] {serverPublic, shared};
    }
}
