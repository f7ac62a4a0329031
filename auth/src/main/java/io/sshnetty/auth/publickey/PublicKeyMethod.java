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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The "publickey" method, RFC 4252 §7: the query answered with PK_OK, the signature verified. */
public final class PublicKeyMethod implements AuthMethod {
    public static final String NAME = "publickey";

    private final PublicKeyAuthenticator authenticator;

    public PublicKeyMethod(PublicKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
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
        byte[] signature = signed ? Wire.readBytes(in) : null;
        Wire.expectEnd(in, "publickey request");
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
        byte[] signedData = signedData(context.connection().sessionId(), request, algorithm, blob);
        if (!key.verify(algorithm, signedData, signature)) {
            return CompletableFuture.completedFuture(MethodResult.failure(description));
        }
        return authenticator.authorize(context, request.user(), new ProvenPublicKey(key, algorithm))
                .thenApply(restrictions -> restrictions.isPresent()
                        ? MethodResult.success(description, UserKeys.fingerprint(key), restrictions.get())
                        : MethodResult.failure(description));
    }

    /** RFC 4252 §7: what the client signs. */
    static byte[] signedData(byte[] sessionId, UserAuthRequest request, String algorithm, byte[] blob) {
        ByteBuf out = Unpooled.buffer(256 + blob.length);
        try {
            Wire.writeBytes(out, sessionId);
            out.writeByte(MessageNumbers.USERAUTH_REQUEST);
            Wire.writeUtf8(out, request.user());
            Wire.writeAscii(out, request.service());
            Wire.writeAscii(out, NAME);
            Wire.writeBoolean(out, true);
            Wire.writeAscii(out, algorithm);
            Wire.writeBytes(out, blob);
            byte[] data = new byte[out.readableBytes()];
            out.readBytes(data);
            return data;
        } finally {
            out.release();
        }
    }
}
