package io.sshnetty.transport.cipher;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC with SHA-2 (RFC 6668 §2), in OpenSSH's encrypt-and-MAC and encrypt-then-MAC forms (PROTOCOL §1.5).
 * The tag is the whole digest and the key as long as the digest.
 *
 * @param name           the name in KEXINIT
 * @param jcaName        the JCA {@link Mac} algorithm
 * @param digestLength   bytes of digest: key length and tag length
 * @param encryptThenMac whether this is the -etm@openssh.com form
 */
public record HmacSha2(String name, String jcaName, int digestLength, boolean encryptThenMac) implements MacAlgorithm {
    public static final HmacSha2 HMAC_SHA2_256 = new HmacSha2("hmac-sha2-256", "HmacSHA256", 32, false);
    public static final HmacSha2 HMAC_SHA2_512 = new HmacSha2("hmac-sha2-512", "HmacSHA512", 64, false);
    public static final HmacSha2 HMAC_SHA2_256_ETM = new HmacSha2("hmac-sha2-256-etm@openssh.com", "HmacSHA256", 32, true);
    public static final HmacSha2 HMAC_SHA2_512_ETM = new HmacSha2("hmac-sha2-512-etm@openssh.com", "HmacSHA512", 64, true);

    public HmacSha2 {
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
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(key, jcaName));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot provide " + jcaName, e);
        }
    }
}
