package io.sshnetty.auth.publickey;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.auth.AuthMethod;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.MethodResult;
import io.sshnetty.auth.message.UserAuthPkOk;
import io.sshnetty.auth.message.UserAuthRequest;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.Wire;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The "publickey" method, RFC 4252 §7: the query answered with PK_OK, the signature verified. Also its
 * host-bound variant of OpenSSH's PROTOCOL, {@code publickey-hostbound-v00@openssh.com}, whose request
 * and signature carry the server's host key after the user's key: the server refuses it unless that is
 * the host key of this connection, so a signature made for one server cannot be used at another. Both
 * count as "publickey" for policies and logs, as in sshd.
 */
public final class PublicKeyMethod implements AuthMethod {
    public static final String NAME = "publickey";
    public static final String HOSTBOUND_NAME = "publickey-hostbound-v00@openssh.com";

    private final PublicKeyAuthenticator authenticator;
    private final boolean hostBound;

    /** The plain "publickey" method. */
    public PublicKeyMethod(PublicKeyAuthenticator authenticator) {
        this(authenticator, false);
    }

    /** "publickey", or with {@code hostBound} its host-bound variant. */
    public PublicKeyMethod(PublicKeyAuthenticator authenticator, boolean hostBound) {
        this.authenticator = authenticator;
        this.hostBound = hostBound;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Reads the method's fields from {@code in} (fully, before returning) and decides the request: a query
     * is answered with PK_OK or failure, a signed request with success or failure.
     */
    @Override
    public CompletionStage<MethodResult> request(AuthenticationContext context, UserAuthRequest request, ByteBuf in) {
        boolean signed = Wire.readBoolean(in);
        String algorithm = Wire.readAscii(in);
        byte[] blob = Wire.readBytes(in);
        byte[] hostKey = hostBound ? Wire.readBytes(in) : null;
        byte[] signature = signed ? Wire.readBytes(in) : null;
        Wire.expectEnd(in, "publickey request");
        if (hostBound && (context.connection().hostKey() == null
                || !Arrays.equals(hostKey, context.connection().hostKey().encoded()))) {
            return CompletableFuture.completedFuture(MethodResult.failure("host key in the request is not this server's"));
        }
        SshPublicKey key;
        try {
            key = UserKeys.decode(blob);
        } catch (KeyFormatException e) {
            return CompletableFuture.completedFuture(MethodResult.failure(null));
        }
        String description = UserKeys.describe(key);
        if (!key.signatureAlgorithms().contains(algorithm)) {
            return CompletableFuture.completedFuture(MethodResult.failure(description));
        }
        if (!signed) {
            return authenticator.isAcceptable(context, request.user(), key).thenApply(ok -> ok
                    ? MethodResult.reply(new UserAuthPkOk(algorithm, blob)) : MethodResult.failure(description));
        }
        byte[] signedData = signedData(context.connection().sessionId(), request, algorithm, blob, hostKey);
        if (!key.verify(algorithm, signedData, signature)) {
            return CompletableFuture.completedFuture(MethodResult.failure(description));
        }
        return authenticator.authorize(context, request.user(), new ProvenPublicKey(key, algorithm))
                .thenApply(restrictions -> {
                    if (restrictions.isEmpty()) {
                        return MethodResult.failure(description);
                    }
                    String weak = securityKeyShortfall(key, signature, restrictions.get());
                    return weak != null ? MethodResult.failure(description + " (" + weak + ")")
                            : MethodResult.success(description, UserKeys.fingerprint(key), restrictions.get());
                });
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
        ByteBuf out = Unpooled.buffer(256 + blob.length);
        try {
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
            byte[] data = new byte[out.readableBytes()];
            out.readBytes(data);
            return data;
        } finally {
            out.release();
        }
    }
}
