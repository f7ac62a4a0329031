package io.sshnetty.transport.kex;

import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;

/**
 * ECDH on a NIST curve for ecdh-sha2-nistp256/384/521 (RFC 5656 §4) with the JDK's EC: the client's point
 * Q_C is checked to lie on the curve (RFC 5656 §4, SEC 1 §3.2.2.1) before it is used; K is the x-coordinate
 * of the shared point as an mpint (RFC 5656 §4).
 */
public final class EcdhAgreement implements KeyAgreement {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NistCurve curve;

    public EcdhAgreement(NistCurve curve) {
        this.curve = curve;
    }

    @Override
    public Agreed agree(byte[] clientValue) {
        ECPoint clientPoint;
        try {
            clientPoint = curve.decodePoint(clientValue);
        } catch (IllegalArgumentException invalid) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "client's ECDH public key: " + invalid.getMessage());
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(curve.parameters(), RANDOM);
            KeyPair ephemeral = generator.generateKeyPair();
            PublicKey clientKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(clientPoint, curve.parameters()));
            javax.crypto.KeyAgreement ecdh = javax.crypto.KeyAgreement.getInstance("ECDH");
            ecdh.init(ephemeral.getPrivate());
            ecdh.doPhase(clientKey, true);
            byte[] shared = ecdh.generateSecret();
            byte[] serverValue = curve.encodePoint(((ECPublicKey) ephemeral.getPublic()).getW());
            return new Agreed(clientValue, serverValue, ExchangeHash.mpint(shared));
        } catch (GeneralSecurityException refused) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "ECDH failed: " + refused.getMessage());
        }
    }
}
