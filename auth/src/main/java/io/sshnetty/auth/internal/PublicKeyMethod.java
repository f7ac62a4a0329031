package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.message.UserAuthPkOk;
import io.sshnetty.auth.internal.message.UserAuthRequest;
import io.sshnetty.auth.publickey.KeyRestrictions;
import io.sshnetty.auth.publickey.OpenSshCertificate;
import io.sshnetty.auth.publickey.ProvenPublicKey;
import io.sshnetty.auth.publickey.PublicKeyAuthenticator;
import io.sshnetty.auth.publickey.SecurityKey;
import io.sshnetty.auth.publickey.UserKeys;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.Blobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The "publickey" method, RFC 4252 §7: the query answered with PK_OK, the signature verified. Also its
 * host-bound variant of OpenSSH's PROTOCOL, {@code publickey-hostbound-v00@openssh.com}, whose request
 * and signature carry the server's host key after the user's key: the server refuses it unless that is
 * the host key of this connection, so a signature made for one server cannot be used at another. Both
 * count as "publickey" for policies and logs, as in sshd.
 */
public final class PublicKeyMethod implements AuthMethod {
    public static final String NAME = UserAuthRequest.PUBLICKEY;
    public static final String HOSTBOUND_NAME = UserAuthRequest.PUBLICKEY_HOSTBOUND;
    private static final Logger log = LoggerFactory.getLogger(PublicKeyMethod.class);
    /** A client-chosen name is quoted in the log up to this length. */
    private static final int MAX_LOGGED_NAME_LENGTH = 64;

    private final PublicKeyAuthenticator authenticator;
    /** Fingerprints of the keys that authenticated on this connection (sshd's auth2_key_already_used). */
    private final Set<String> usedKeys = ConcurrentHashMap.newKeySet();
    /** Where signatures are verified: never the event loop, as an RSA check costs up to milliseconds. */
    private final Executor verifier;

    /**
     * The "publickey" method of one connection, serving both request names ({@link #NAME} and
     * {@link #HOSTBOUND_NAME}), verifying signatures on {@code verifier}. One record of the keys used serves
     * both, so a chain such as {@code publickey,publickey} needs two different keys whichever variant proves them.
     */
    public PublicKeyMethod(PublicKeyAuthenticator authenticator, Executor verifier) {
        this.authenticator = authenticator;
        this.verifier = verifier;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Decides a request, in sshd's order: the algorithm and key type are checked by name before the key blob is parsed; a key that already
     * authenticated on this connection is refused; the authenticator is asked whether it would accept the
     * key before a signature is verified, on the verification executor; only a verified signature reaches
     * {@link PublicKeyAuthenticator#authorize}, whose decision is the attempt's.
     * A query is answered with PK_OK or failure, a signed request with success or failure.
     */
    @Override
    public CompletionStage<MethodResult> request(AuthenticationContext context, UserAuthRequest request) {
        if (!(request.body() instanceof UserAuthRequest.PublicKeyBody fields)) {
            throw new IllegalArgumentException("not a publickey request: " + request.method());
        }
        String algorithm = fields.algorithm();
        byte[] blob = fields.keyBlob();
        byte[] hostKey = fields.hostKey();
        byte[] signature = fields instanceof UserAuthRequest.PublicKeyProof proof ? proof.signature() : null;
        if (hostKey != null && (context.connection().hostKey() == null
                || !Arrays.equals(hostKey, context.connection().hostKey().encoded()))) {
            return failure("host key in the request is not this server's");
        }
        if (!UserKeys.isSignatureAlgorithm(algorithm)) {
            return failure("unknown public key algorithm " + printable(algorithm));
        }
        String keyType = UserKeys.keyTypeOf(blob);
        if (keyType == null || !UserKeys.isSupportedBlobType(keyType)) {
            return failure("unsupported key type " + (keyType == null ? "(malformed)" : printable(keyType)));
        }
        SshPublicKey key;
        try {
            key = UserKeys.decode(blob);
        } catch (KeyFormatException e) {
            return failure(null);
        }
        String fingerprint = UserKeys.fingerprint(key);
        String description = UserKeys.describe(key, fingerprint);
        if (!key.signatureAlgorithms().contains(algorithm)) {
            return failure(description);
        }
        if (usedKeys.contains(fingerprint)) {
            return failure(description + " (refusing previously-used key)");
        }
        CompletionStage<Boolean> acceptable = authenticator.isAcceptable(context, request.user(), key);
        if (signature == null) {
            return acceptable.thenApply(ok -> ok
                    ? MethodResult.reply(new UserAuthPkOk(algorithm, blob)) : MethodResult.failure(description));
        }
        byte[] signedData = signedData(context.connection().sessionId(), request, algorithm, blob, hostKey);
        return acceptable.thenCompose(ok -> ok ? verify(key, algorithm, signedData, signature)
                : CompletableFuture.completedFuture(false)).thenCompose(verified -> {
            if (!verified) {
                return failure(description);
            }
            return authenticator.authorize(context, request.user(), ProvenKeys.of(key, algorithm))
                    .thenApply(decision -> decided(decision, key, signature, description, fingerprint));
        });
    }

    /** The authorizer's decision, refused when a security key's signature lacks what the key's options require. */
    private static MethodResult decided(AuthDecision decision, SshPublicKey key, byte[] signature, String description,
            String fingerprint) {
        if (!decision.isSuccess()) {
            // An Ask is no answer for publickey: it refuses, as a Reject does.
            boolean invalidUser = decision instanceof AuthDecision.Reject reject && reject.invalidUser();
            return new MethodResult.Decided(invalidUser ? decision : AuthDecision.reject(), description, null);
        }
        String weak = securityKeyShortfall(key, signature, decision.restrictions());
        if (weak != null) {
            return MethodResult.failure(description + " (" + weak + ")");
        }
        return new MethodResult.Decided(decision, description, fingerprint);
    }

    /** Verifies on the verifier; a verifier too busy to take it fails the attempt. */
    private CompletionStage<Boolean> verify(SshPublicKey key, String algorithm, byte[] data, byte[] signature) {
        try {
            return CompletableFuture.supplyAsync(() -> key.verify(algorithm, data, signature), verifier);
        } catch (RejectedExecutionException busy) {
            log.warn("signature verification refused: executor busy ({})", busy.getMessage());
            return CompletableFuture.completedFuture(false);
        }
    }

    @Override
    public void accepted(MethodResult.Decided result) {
        if (result.keyFingerprint() != null) {
            usedKeys.add(result.keyFingerprint());
        }
    }

    private static CompletionStage<MethodResult> failure(String logDetail) {
        return CompletableFuture.completedFuture(MethodResult.failure(logDetail));
    }

    /** A client-chosen name fit for a log line: bounded, printable ASCII only. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && i < MAX_LOGGED_NAME_LENGTH; i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return name.length() > MAX_LOGGED_NAME_LENGTH ? out + "..." : out.toString();
    }

    /**
     * For a FIDO security key (PROTOCOL.u2f), what its signature's flags lack: user presence unless the
     * key's options say {@code no-touch-required}, user verification where they say {@code verify-required}
     * (as sshd). Null when nothing is lacking, or the key is not a security key.
     */
    private static String securityKeyShortfall(SshPublicKey key, byte[] signature, KeyRestrictions restrictions) {
        SshPublicKey plain = key instanceof OpenSshCertificate cert ? cert.certifiedKey() : key;
        if (!(plain instanceof SecurityKey securityKey)) {
            return null;
        }
        SecurityKey.Details details = securityKey.signatureDetails(signature);
        if (details == null) {
            return "malformed security key signature";
        }
        if (restrictions.touchRequired() && !details.userPresent()) {
            return "security key signature without user presence";
        }
        if (restrictions.verifyRequired() && !details.userVerified()) {
            return "security key signature without user verification";
        }
        return null;
    }

    /** RFC 4252 §7: what the client signs; the host-bound variant adds the host key ({@code null} for plain publickey). */
    static byte[] signedData(byte[] sessionId, UserAuthRequest request, String algorithm, byte[] blob, byte[] hostKey) {
        return Blobs.build(out -> {
            Wire.writeBytes(out, sessionId);
            out.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeUtf8(out, request.user());
            Wire.writeAscii(out, request.service());
            Wire.writeAscii(out, request.method());
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, algorithm);
            Wire.writeBytes(out, blob);
            if (hostKey != null) {
                Wire.writeBytes(out, hostKey);
            }
        });
    }
}
