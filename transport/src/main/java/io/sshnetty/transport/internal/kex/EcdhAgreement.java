package io.sshnetty.transport.internal.kex;

import io.sshnetty.transport.keys.NistCurve;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.wire.SshProtocolException;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;

/**
 * ECDH on a NIST curve for ecdh-sha2-nistp256/384/521 (RFC 5656 §4) with Bouncy Castle's low-level EC
 * (about ten times the JDK 17 provider's speed, see {@link NistCurve#domain()}): the client's point Q_C is
 * checked to lie on the curve (RFC 5656 §4, SEC 1 §3.2.2.1) before it is used; K is the x-coordinate of the
 * shared point as an mpint (RFC 5656 §4).
 */
public final class EcdhAgreement implements KeyAgreement {

    private final NistCurve curve;

    /** ECDH on {@code curve}. */
    public EcdhAgreement(NistCurve curve) {
        this.curve = curve;
    }

    @Override
    public Agreed agree(byte[] clientValue) {
        java.security.spec.ECPoint clientPoint;
        try {
            clientPoint = curve.decodePoint(clientValue);
        } catch (IllegalArgumentException invalid) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "client's ECDH public key: " + invalid.getMessage());
        }
        BigInteger privateScalar = curve.randomScalar(Randomness.current());
        ECPoint serverPoint = curve.multiplyGenerator(privateScalar);
        ECPoint shared = curve.toBc(clientPoint).multiply(privateScalar).normalize();
        if (shared.isInfinity()) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "ECDH shared point is the point at infinity");
        }
        byte[] x = BigIntegers.asUnsignedByteArray(curve.fieldLength(), shared.getAffineXCoord().toBigInteger());
        byte[] serverValue = curve.encodePoint(NistCurve.fromBc(serverPoint));
        return new Agreed(clientValue, serverValue, ExchangeHash.mpint(x));
    }
}
