package io.sshnetty.auth.publickey;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.wire.Wire;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenSSH certificate (PROTOCOL.certkeys): a public key with principals, a validity window, critical
 * options and extensions, signed by a certificate authority. It is itself an {@link SshPublicKey} of type
 * {@code <type>-cert-v01@openssh.com} whose signatures are the certified key's, so the publickey method
 * handles it like any key. Decoding needs no knowledge of key types beyond how many length-prefixed
 * fields each type's public part has: the certified key and the CA key are decoded by the transport's
 * {@link PublicKeys}, so every key type it supports is supported here too.
 */
public final class OpenSshCertificate implements SshPublicKey {
    /** The suffix of every certificate type name of PROTOCOL.certkeys. */
    public static final String SUFFIX = "-cert-v01@openssh.com";
    /** PROTOCOL.certkeys: the certificate's type field. */
    public static final int USER_CERTIFICATE = 1;
    public static final int HOST_CERTIFICATE = 2;
    /** Bounds on what a certificate's fields may hold; OpenSSH's own certificates are far smaller. */
    private static final int MAX_NONCE_LENGTH = 1024;
    private static final int MAX_FIELD_LENGTH = 16 * 1024;
    private static final int MAX_NAME_LENGTH = 1024;
    private static final int MAX_OPTION_VALUE_LENGTH = 64 * 1024;
    private static final int MAX_PRINCIPALS = 256;

    /**
     * How many length-prefixed fields (strings or mpints) the certified key's public part has, per plain
     * key type (PROTOCOL.certkeys lists each layout).
     */
    private static final Map<String, Integer> KEY_FIELDS = Map.of(
            "ssh-ed25519", 1,
            "ssh-rsa", 2,
            "ssh-dss", 4,
            "ecdsa-sha2-nistp256", 2,
            "ecdsa-sha2-nistp384", 2,
            "ecdsa-sha2-nistp521", 2,
            "sk-ssh-ed25519@openssh.com", 2,
            "sk-ecdsa-sha2-nistp256@openssh.com", 3);

    private final String type;
    private final byte[] blob;
    private final SshPublicKey key;
    private final long serial;
    private final int certificateType;
    private final String keyId;
    private final List<String> principals;
    private final long validAfter;
    private final long validBefore;
    private final Map<String, String> criticalOptions;
    private final Map<String, String> extensions;
    private final SshPublicKey signatureKey;
    private final int signedLength;
    private final byte[] signature;
    /**
     * The CA signature's verdict once checked: a certificate is immutable, and one attempt asks more than once
     * (isAcceptable, then authorize), so an RSA CA of 16384 bits (about 3 ms) is verified once per attempt.
     */
    private volatile Boolean signatureVerdict;

    private OpenSshCertificate(String type, byte[] blob, SshPublicKey key, long serial, int certificateType, String keyId,
            List<String> principals, long validAfter, long validBefore, Map<String, String> criticalOptions,
            Map<String, String> extensions, SshPublicKey signatureKey, int signedLength, byte[] signature) {
        this.type = type;
        this.blob = blob;
        this.key = key;
        this.serial = serial;
        this.certificateType = certificateType;
        this.keyId = keyId;
        this.principals = principals;
        this.validAfter = validAfter;
        this.validBefore = validBefore;
        this.criticalOptions = criticalOptions;
        this.extensions = extensions;
        this.signatureKey = signatureKey;
        this.signedLength = signedLength;
        this.signature = signature;
    }

    /** True when {@code keyType} names a certificate type. */
    public static boolean isCertificateType(String keyType) {
        return keyType.endsWith(SUFFIX);
    }

    /** True when {@code keyType} names a certificate of a key type this library supports. */
    static boolean isSupportedCertificateType(String keyType) {
        if (!isCertificateType(keyType)) {
            return false;
        }
        String plain = plainType(keyType);
        return KEY_FIELDS.containsKey(plain) && UserKeys.isSupported(plain);
    }

    /** The plain key type a certificate type certifies: {@code ssh-ed25519} for {@code ssh-ed25519-cert-v01@openssh.com}. */
    static String plainType(String certificateType) {
        String base = certificateType.substring(0, certificateType.length() - SUFFIX.length());
        return base.startsWith("sk-") ? base + "@openssh.com" : base;
    }

    /** The certificate signature algorithm for a plain one: {@code rsa-sha2-256} → {@code rsa-sha2-256-cert-v01@openssh.com}. */
    static String certificateAlgorithm(String plainAlgorithm) {
        String base = plainAlgorithm.endsWith("@openssh.com")
                ? plainAlgorithm.substring(0, plainAlgorithm.length() - "@openssh.com".length()) : plainAlgorithm;
        return base + SUFFIX;
    }

    /**
     * Decodes a certificate blob. Checks the structure only; the CA's signature, the validity and the
     * principals are checked by {@link #authorize}.
     *
     * @throws KeyFormatException when the blob is not a certificate of a supported key type, or is malformed
     */
    public static OpenSshCertificate decode(byte[] blob) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            String type = Wire.readAscii(in);
            if (!isCertificateType(type)) {
                throw new KeyFormatException("not a certificate type: " + type);
            }
            String plain = plainType(type);
            Integer fields = KEY_FIELDS.get(plain);
            if (fields == null || !UserKeys.isSupported(plain)) {
                throw new KeyFormatException("unsupported certificate type " + type);
            }
            Wire.readBytes(in, MAX_NONCE_LENGTH); // nonce
            ByteBuf plainBlob = Unpooled.buffer();
            SshPublicKey key;
            try {
                Wire.writeAscii(plainBlob, plain);
                for (int i = 0; i < fields; i++) {
                    Wire.writeBytes(plainBlob, Wire.readBytes(in, MAX_FIELD_LENGTH));
                }
                byte[] plainBytes = new byte[plainBlob.readableBytes()];
                plainBlob.readBytes(plainBytes);
                key = UserKeys.decode(plainBytes);
            } finally {
                plainBlob.release();
            }
            long serial = Wire.readUint64(in);
            int certificateType = Wire.readUint32(in);
            String keyId = Wire.readUtf8(in, MAX_NAME_LENGTH);
            List<String> principals = readStrings(Wire.readSlice(in));
            long validAfter = Wire.readUint64(in);
            long validBefore = Wire.readUint64(in);
            Map<String, String> criticalOptions = readOptions(Wire.readSlice(in), "critical option");
            Map<String, String> extensions = readOptions(Wire.readSlice(in), "extension");
            Wire.readBytes(in); // reserved
            byte[] signatureKeyBlob = Wire.readBytes(in, MAX_FIELD_LENGTH);
            int signedLength = in.readerIndex();
            byte[] signature = Wire.readBytes(in, MAX_FIELD_LENGTH);
            if (in.isReadable()) {
                throw new KeyFormatException(in.readableBytes() + " unexpected bytes after " + type + " certificate");
            }
            // The CA's key type and signature algorithm are checked by name before either is parsed.
            String caType = UserKeys.keyTypeOf(signatureKeyBlob);
            if (caType == null || !PublicKeys.isSupported(caType)) {
                throw new KeyFormatException("certificate signed by an unsupported CA key type");
            }
            String caAlgorithm = UserKeys.keyTypeOf(signature);
            if (caAlgorithm == null || !PublicKeys.signatureAlgorithms().contains(caAlgorithm)) {
                throw new KeyFormatException("certificate signed with an unsupported signature algorithm");
            }
            SshPublicKey signatureKey = PublicKeys.decode(signatureKeyBlob);
            return new OpenSshCertificate(type, blob.clone(), key, serial, certificateType, keyId, principals, validAfter,
                    validBefore, criticalOptions, extensions, signatureKey, signedLength, signature);
        } catch (SshProtocolException malformed) {
            throw new KeyFormatException("malformed certificate: " + malformed.getMessage(), malformed);
        } finally {
            in.release();
        }
    }

    private static List<String> readStrings(ByteBuf in) {
        List<String> strings = new ArrayList<>();
        while (in.isReadable()) {
            if (strings.size() == MAX_PRINCIPALS) {
                throw new KeyFormatException("certificate with more than " + MAX_PRINCIPALS + " principals");
            }
            strings.add(Wire.readUtf8(in, MAX_NAME_LENGTH));
        }
        return Collections.unmodifiableList(strings);
    }

    /** Name and data pairs; the data of each is itself a string (or empty), read as its UTF-8 text. */
    private static Map<String, String> readOptions(ByteBuf in, String what) {
        Map<String, String> options = new LinkedHashMap<>();
        while (in.isReadable()) {
            String name = Wire.readAscii(in);
            ByteBuf data = Wire.readSlice(in);
            String value = data.isReadable() ? Wire.readUtf8(data, MAX_OPTION_VALUE_LENGTH) : "";
            if (data.isReadable()) {
                throw new KeyFormatException("certificate " + what + " " + name + " has bytes after its value");
            }
            if (options.put(name, value) != null) {
                throw new KeyFormatException("certificate repeats " + what + " " + name);
            }
        }
        return Collections.unmodifiableMap(options);
    }

    /** The key the certificate certifies: its signatures are the client's. */
    public SshPublicKey certifiedKey() {
        return key;
    }

    /** The certificate authority's public key. */
    public SshPublicKey signatureKey() {
        return signatureKey;
    }

    public long serial() {
        return serial;
    }

    /** {@link #USER_CERTIFICATE} or {@link #HOST_CERTIFICATE}. */
    public int certificateType() {
        return certificateType;
    }

    public String keyId() {
        return keyId;
    }

    public List<String> principals() {
        return principals;
    }

    /** Seconds since the epoch, as an unsigned 64-bit number. */
    public long validAfter() {
        return validAfter;
    }

    /** Seconds since the epoch, as an unsigned 64-bit number; all ones for "forever". */
    public long validBefore() {
        return validBefore;
    }

    public Map<String, String> criticalOptions() {
        return criticalOptions;
    }

    public Map<String, String> extensions() {
        return extensions;
    }

    /**
     * True when the CA's signature over the certificate verifies; checked once, then remembered. It costs up to
     * milliseconds: call it off the event loop.
     */
    public boolean signatureVerifies() {
        Boolean verdict = signatureVerdict;
        if (verdict == null) {
            verdict = checkSignature();
            signatureVerdict = verdict;
        }
        return verdict;
    }

    private boolean checkSignature() {
        String algorithm;
        ByteBuf in = Unpooled.wrappedBuffer(signature);
        try {
            algorithm = Wire.readAscii(in);
        } catch (SshProtocolException malformed) {
            return false;
        } finally {
            in.release();
        }
        return signatureKey.signatureAlgorithms().contains(algorithm)
                && signatureKey.verify(algorithm, Arrays.copyOf(blob, signedLength), signature);
    }

    /**
     * Checks the certificate as sshd does for user authentication, and returns the restrictions it
     * carries: a user certificate, the CA's signature verifies, {@code now} inside the validity window, one
     * of {@code acceptablePrincipals} among the certificate's principals, every critical option known
     * and {@code source-address} matching {@code client}.
     *
     * @throws IllegalArgumentException saying why the certificate is refused
     */
    public KeyRestrictions authorize(Collection<String> acceptablePrincipals, Instant now, InetAddress client) {
        if (certificateType != USER_CERTIFICATE) {
            throw new IllegalArgumentException("not a user certificate");
        }
        if (!signatureVerifies()) {
            throw new IllegalArgumentException("signature by the certificate authority does not verify");
        }
        long seconds = now.getEpochSecond();
        if (Long.compareUnsigned(seconds, validAfter) < 0) {
            throw new IllegalArgumentException("certificate is not yet valid");
        }
        if (Long.compareUnsigned(seconds, validBefore) >= 0) {
            throw new IllegalArgumentException("certificate has expired");
        }
        if (principals.isEmpty()) {
            throw new IllegalArgumentException("certificate lacks a principal list");
        }
        if (acceptablePrincipals.stream().noneMatch(principals::contains)) {
            throw new IllegalArgumentException("certificate's principals " + principals + " do not include "
                    + String.join(" or ", acceptablePrincipals));
        }
        KeyRestrictions restrictions = KeyRestrictions.NONE.withCertificatePermissions(
                extensions.containsKey("permit-pty"), extensions.containsKey("permit-port-forwarding"),
                extensions.containsKey("permit-agent-forwarding"), extensions.containsKey("permit-X11-forwarding"),
                extensions.containsKey("permit-user-rc"), !extensions.containsKey("no-touch-required"));
        for (Map.Entry<String, String> option : criticalOptions.entrySet()) {
            switch (option.getKey()) {
                case "force-command" -> restrictions = restrictions.withForcedCommand(option.getValue());
                case "source-address" -> {
                    if (!SourcePatterns.isCidrList(option.getValue())) {
                        throw new IllegalArgumentException("bad source-address " + option.getValue());
                    }
                    if (client == null || !SourcePatterns.matches(option.getValue(), client)) {
                        throw new IllegalArgumentException("client address is not in the certificate's source-address "
                                + option.getValue());
                    }
                    restrictions = restrictions.withSourceAddress(option.getValue());
                }
                case "verify-required" -> restrictions = restrictions.withVerifyRequired();
                default -> throw new IllegalArgumentException("unknown critical option " + option.getKey());
            }
        }
        return restrictions;
    }

    /** sshd's description in its log lines: {@code ID id (serial n) CA TYPE fingerprint}. */
    String describeForLog() {
        return "ID " + keyId + " (serial " + Long.toUnsignedString(serial) + ") CA " + UserKeys.describe(signatureKey);
    }

    @Override
    public String keyType() {
        return type;
    }

    @Override
    public byte[] encoded() {
        return blob.clone();
    }

    @Override
    public List<String> signatureAlgorithms() {
        List<String> algorithms = new ArrayList<>();
        for (String plain : key.signatureAlgorithms()) {
            algorithms.add(certificateAlgorithm(plain));
        }
        return algorithms;
    }

    /** Verifies a signature by the certified key; the algorithm is a certificate algorithm name. */
    @Override
    public boolean verify(String signatureAlgorithm, byte[] data, byte[] signatureBlob) {
        for (String plain : key.signatureAlgorithms()) {
            if (certificateAlgorithm(plain).equals(signatureAlgorithm)) {
                return key.verify(plain, data, signatureBlob);
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenSshCertificate that && Arrays.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return type + " " + keyId + " " + key;
    }
}
