package io.sshnetty.transport.internal.cipher;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 2104) with SHA-2 (RFC 6668 §2) or, for legacy peers, SHA-1 (RFC 4253 §6.4), in OpenSSH's
 * encrypt-and-MAC and encrypt-then-MAC forms (PROTOCOL §1.5).
 * The tag is the whole digest and the key as long as the digest.
 *
 * @param name           the name in KEXINIT
 * @param jcaName        the JCA {@link Mac} algorithm
 * @param digestLength   bytes of digest: key length and tag length
 * @param encryptThenMac whether this is the -etm@openssh.com form
 */
public record Hmac(String name, String jcaName, int digestLength, boolean encryptThenMac) implements MacAlgorithm {
    public static final Hmac HMAC_SHA2_256 = new Hmac("hmac-sha2-256", "HmacSHA256", 32, false);
    public static final Hmac HMAC_SHA2_512 = new Hmac("hmac-sha2-512", "HmacSHA512", 64, false);
    public static final Hmac HMAC_SHA2_256_ETM = new Hmac("hmac-sha2-256-etm@openssh.com", "HmacSHA256", 32, true);
    public static final Hmac HMAC_SHA2_512_ETM = new Hmac("hmac-sha2-512-etm@openssh.com", "HmacSHA512", 64, true);
    /** RFC 4253 §6.4's SHA-1 MAC: legacy, offered only when an application lists it. */
    public static final Hmac HMAC_SHA1 = new Hmac("hmac-sha1", "HmacSHA1", 20, false);
    /** OpenSSH's encrypt-then-MAC form of hmac-sha1: legacy, offered only when an application lists it. */
    public static final Hmac HMAC_SHA1_ETM = new Hmac("hmac-sha1-etm@openssh.com", "HmacSHA1", 20, true);

    public Hmac {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jcaName, "jcaName");
    }

    @Override
    public int keyLength() {
        return digestLength;
    }

    @Override
    public int tagLength() {
        return digestLength;
    }

    /**
     * {@inheritDoc}
     *
     * <p>HMAC takes a key of any length (RFC 2104 §2); the transport passes {@link #keyLength()} bytes.
     */
    @Override
    public Mac create(byte[] key) {
        try {
            Mac mac = JcaCiphers.getMac(jcaName);
            mac.init(new SecretKeySpec(key, jcaName));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot provide " + jcaName, e);
        }
    }
}
