package io.sshnetty.auth.publickey;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.message.UserAuthPkOk;
import io.sshnetty.auth.message.UserAuthRequest;
import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import io.sshnetty.transport.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshMessage;
import io.sshnetty.transport.wire.Wire;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The "publickey" method, RFC 4252 §7: the query answered with PK_OK, the signature verified. */
public final class PublicKeyMethod {
    public static final String NAME = "publickey";

    /** What one publickey request came to. */
    public record Result(boolean authenticated, SshMessage reply, String keyFingerprint) {
        static final Result FAILED = new Result(false, null, null);
    }

    private final PublicKeyAuthenticator authenticator;

    public PublicKeyMethod(PublicKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * Reads the method's fields from {@code in} (fully, before returning) and decides the request. A reply
     * of PK_OK with {@code authenticated == false} answers a query; neither means failure.
     */
    public CompletionStage<Result> handle(AuthenticationContext context, UserAuthRequest request, ByteBuf in) {
        boolean signed = Wire.readBoolean(in);
        String algorithm = Wire.readAscii(in);
        byte[] blob = Wire.readBytes(in);
        byte[] signature = signed ? Wire.readBytes(in) : null;
        Wire.expectEnd(in, "publickey request");
        SshPublicKey key;
        try {
            key = PublicKeys.decode(blob);
        } catch (KeyFormatException e) {
            return CompletableFuture.completedFuture(Result.FAILED);
        }
        if (!key.signatureAlgorithms().contains(algorithm)) {
            return CompletableFuture.completedFuture(Result.FAILED);
        }
        if (!signed) {
            return authenticator.isAcceptable(context, request.user(), key)
                    .thenApply(ok -> ok ? new Result(false, new UserAuthPkOk(algorithm, blob), null) : Result.FAILED);
        }
        byte[] signedData = signedData(context.connection().sessionId(), request, algorithm, blob);
        if (!key.verify(algorithm, signedData, signature)) {
            return CompletableFuture.completedFuture(Result.FAILED);
        }
        return authenticator.authenticate(context, request.user(), new ProvenPublicKey(key, algorithm))
                .thenApply(ok -> ok ? new Result(true, null, Fingerprints.sha256(key)) : Result.FAILED);
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
