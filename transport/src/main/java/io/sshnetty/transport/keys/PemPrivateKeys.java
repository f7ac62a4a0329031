package io.sshnetty.transport.keys;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;

import java.io.IOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM private key files older OpenSSH wrote and {@code ssh-keygen -m PEM|PKCS8} still writes (RFC 7468
 * armor): {@code RSA PRIVATE KEY} (PKCS #1, RFC 8017 Appendix A.1.2), {@code EC PRIVATE KEY} (SEC 1 as in
 * RFC 5915) and {@code PRIVATE KEY} (PKCS #8, RFC 5208) with an RSA (RFC 8017), ECDSA (RFC 5915) or
 * Ed25519 (RFC 8410 §7) key inside. Encrypted PEM is refused. The DER is read with Bouncy Castle's ASN.1
 * classes.
 */
final class PemPrivateKeys {
    private static final Pattern ARMOR = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String ED25519 = "1.3.101.112";

    private PemPrivateKeys() {
    }

    static HostKey parse(String text) {
        Matcher armor = ARMOR.matcher(text);
        if (!armor.find()) {
            throw new KeyFormatException("not a private key file (no matching BEGIN and END lines)");
        }
        String label = armor.group(1);
        String body = armor.group(2);
        if (body.contains("Proc-Type:") || label.startsWith("ENCRYPTED")) {
            throw new KeyFormatException("encrypted PEM private keys are not supported; remove the passphrase "
                    + "with ssh-keygen -p, or convert to OpenSSH's format");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException badBase64) {
            throw new KeyFormatException("damaged PEM, not valid base64", badBase64);
        }
        try {
            ASN1Primitive asn1 = ASN1Primitive.fromByteArray(der);
            if (asn1 == null) {
                throw new KeyFormatException("empty " + label);
            }
            switch (label) {
                case "RSA PRIVATE KEY":
                    return rsa(RSAPrivateKey.getInstance(asn1));
                case "EC PRIVATE KEY":
                    return ec(ECPrivateKey.getInstance(asn1), null);
                case "PRIVATE KEY":
                    return pkcs8(PrivateKeyInfo.getInstance(asn1));
                default:
                    throw new KeyFormatException("unsupported PEM private key type " + label);
            }
        } catch (KeyFormatException refused) {
            throw refused;
        } catch (IOException | RuntimeException malformed) {
            // Bouncy Castle's ASN.1 classes report a structure of the wrong shape with whichever runtime
            // exception they run into (IllegalArgument, IllegalState, ClassCast, NoSuchElement, NullPointer...).
            throw new KeyFormatException("malformed " + label + ": " + malformed, malformed);
        }
    }

    private static HostKey pkcs8(PrivateKeyInfo info) throws IOException {
        String algorithm = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        ASN1Encodable parameters = info.getPrivateKeyAlgorithm().getParameters();
        switch (algorithm) {
            case RSA_ENCRYPTION:
                return rsa(RSAPrivateKey.getInstance(info.parsePrivateKey()));
            case EC_PUBLIC_KEY:
                return ec(ECPrivateKey.getInstance(info.parsePrivateKey()), parameters);
            case ED25519:
                // RFC 8410 §7: the private key is an OCTET STRING holding the 32-byte seed.
                return Ed25519HostKey.fromSeed(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
            default:
                throw new KeyFormatException("unsupported PKCS#8 key algorithm " + algorithm);
        }
    }

    private static HostKey rsa(RSAPrivateKey key) {
        return RsaHostKey.of(key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(), key.getPrime1(),
                key.getPrime2(), key.getCoefficient());
    }

    /** The curve comes from the SEC 1 structure's own parameters, or else from PKCS#8's algorithm parameters. */
    private static HostKey ec(ECPrivateKey key, ASN1Encodable outerParameters) {
        ASN1Encodable parameters = key.getParametersObject() != null ? key.getParametersObject() : outerParameters;
        if (!(parameters instanceof ASN1ObjectIdentifier)) {
            throw new KeyFormatException("EC private key without a named curve");
        }
        String oid = ((ASN1ObjectIdentifier) parameters).getId();
        NistCurve curve = NistCurve.byOid(oid)
                .orElseThrow(() -> new KeyFormatException("EC private key on unsupported curve " + oid));
        return EcdsaHostKey.fromPrivate(curve, key.getKey());
    }
}
