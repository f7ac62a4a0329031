package io.sshnetty.auth.publickey;

import io.sshnetty.auth.internal.LogText;
import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.keys.EncodedPublicKey;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.KeyType;
import io.sshnetty.transport.keys.KeyTypes;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.Blobs;
import io.sshnetty.transport.internal.wire.Wire;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenSSH certificate (PROTOCOL.certkeys): a public key with principals, a validity window, critical
 * options and extensions, signed by a certificate authority. It is itself an {@link SshPublicKey} of type
 * {@code <type>-cert-v01@openssh.com} whose signatures are the certified key's, so the publickey method
 * handles it like any key. Its table entries are derived from the plain ones ({@link #typesCertifying}): the
 * certified key is read in place by its plain type's decoder, and the CA key is decoded by the transport's
 * {@link PublicKeys}, so every plain key type of {@link UserKeys} can be certified with no change here.
 */
public final class OpenSshCertificate extends EncodedPublicKey {
    /** The suffix of every certificate type name of PROTOCOL.certkeys. */
    public static final String SUFFIX = "-cert-v01@openssh.com";
    /** PROTOCOL.certkeys: the certificate's type field. */
    public static final int USER_CERTIFICATE = 1;
    public static final int HOST_CERTIFICATE = 2;
    /** Bounds on what a certificate's fields may hold; OpenSSH's own certificates are far smaller. */
    private static final int MAX_NONCE_LENGTH = 1024;
    private static final int MAX_FIELD_LENGTH = 16 * 1024;
    /** The suffix OpenSSH drops from a plain type name before it appends {@link #SUFFIX}. */
    private static final String OPENSSH_DOMAIN = "@openssh.com";
    private static final int MAX_NAME_LENGTH = 1024;
    private static final int MAX_OPTION_VALUE_LENGTH = 64 * 1024;
    private static final int MAX_PRINCIPALS = 256;

    private final String type;
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

    private OpenSshCertificate(String type, ByteBuf body, SshPublicKey key, long serial, int certificateType, String keyId,
            List<String> principals, long validAfter, long validBefore, Map<String, String> criticalOptions,
            Map<String, String> extensions, SshPublicKey signatureKey, int signedLength, byte[] signature) {
        super(type, out -> out.writeBytes(body, body.readerIndex(), body.readableBytes()));
        this.type = type;
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

    /**
     * The certificate type of each of {@code plain}'s types: named {@code <type>-cert-v01@openssh.com}, labelled
     * {@code <LABEL>-CERT}, of the certified key's size, with the certificate forms of its signature algorithms.
     */
    static List<KeyType> typesCertifying(KeyTypes plain) {
        List<KeyType> types = new ArrayList<>();
        for (KeyType certified : plain.types()) {
            String name = certificateAlgorithm(certified.name());
            types.add(KeyType.userKey(name, certified.label() + "-CERT",
                    key -> certified.bits().applyAsInt(((OpenSshCertificate) key).certifiedKey()),
                    certified.signatureAlgorithms().stream().map(OpenSshCertificate::certificateAlgorithm).toList(),
                    fields -> decodeFields(name, certified, fields)));
        }
        return types;
    }

    /** The certificate form of a plain name: {@code rsa-sha2-256} → {@code rsa-sha2-256-cert-v01@openssh.com}. */
    static String certificateAlgorithm(String plainAlgorithm) {
        String base = plainAlgorithm.endsWith(OPENSSH_DOMAIN)
                ? plainAlgorithm.substring(0, plainAlgorithm.length() - OPENSSH_DOMAIN.length()) : plainAlgorithm;
        return base + SUFFIX;
    }

    /**
     * Decodes a certificate blob. Checks the structure only; the CA's signature, the validity and the
     * principals are checked by {@link #authorize}.
     *
     * @throws KeyFormatException when the blob is not a certificate of a supported key type, or is malformed
     */
    public static OpenSshCertificate decode(byte[] blob) {
        if (UserKeys.decode(blob) instanceof OpenSshCertificate certificate) {
            return certificate;
        }
        throw new KeyFormatException("not a certificate type: " + UserKeys.keyTypeOf(blob));
    }

    /**
     * Reads a certificate's fields after its type name {@code type} (PROTOCOL.certkeys): the nonce, the
     * certified key's fields read in place by {@code certified}'s decoder, then the certificate's own fields.
     */
    private static OpenSshCertificate decodeFields(String type, KeyType certified, ByteBuf in) {
        int start = in.readerIndex();
        Wire.readBytes(in, MAX_NONCE_LENGTH); // nonce
        SshPublicKey key = certified.publicDecoder().decode(in);
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
        int signedEnd = in.readerIndex();
        byte[] signature = Wire.readBytes(in, MAX_FIELD_LENGTH);
        // The CA's key type and signature algorithm are checked by name before either is parsed.
        String caType = Blobs.leadingName(signatureKeyBlob);
        if (caType == null || !PublicKeys.isSupported(caType)) {
            throw new KeyFormatException("certificate signed by an unsupported CA key type");
        }
        String caAlgorithm = Blobs.leadingName(signature);
        if (caAlgorithm == null || !PublicKeys.signatureAlgorithms().contains(caAlgorithm)) {
            throw new KeyFormatException("certificate signed with an unsupported signature algorithm");
        }
        SshPublicKey signatureKey = PublicKeys.decode(signatureKeyBlob);
        // The signed part is the blob up to the signature: the type name's string field, then these fields.
        int signedLength = 4 + type.length() + signedEnd - start;
        ByteBuf body = in.slice(start, in.readerIndex() - start);
        return new OpenSshCertificate(type, body, key, serial, certificateType, keyId, principals, validAfter,
                validBefore, criticalOptions, extensions, signatureKey, signedLength, signature);
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
        String algorithm = Blobs.leadingName(signature);
        return algorithm != null && signatureKey.signatureAlgorithms().contains(algorithm)
                && signatureKey.verify(algorithm, encodedPrefix(signedLength), signature);
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
        return "ID " + LogText.escape(keyId) + " (serial " + Long.toUnsignedString(serial) + ") CA " + UserKeys.describe(signatureKey);
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
    public String toString() {
        return type + " " + keyId + " " + key;
    }
}
