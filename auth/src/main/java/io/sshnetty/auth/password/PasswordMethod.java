package io.sshnetty.auth.password;

import io.netty.buffer.ByteBuf;
import io.sshnetty.auth.AuthMethod;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.MethodResult;
import io.sshnetty.auth.message.UserAuthPasswdChangeReq;
import io.sshnetty.auth.message.UserAuthRequest;
import io.sshnetty.transport.wire.Wire;

import java.util.concurrent.CompletionStage;

/**
 * The "password" method, RFC 4252 §8: {@code boolean FALSE, string password}, or, answering
 * SSH_MSG_USERAUTH_PASSWD_CHANGEREQ, {@code boolean TRUE, string old, string new}.
 */
public final class PasswordMethod implements AuthMethod {
    public static final String NAME = "password";
    /** Longest password read; a longer one is a protocol error, not a slow hash of megabytes. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private final PasswordAuthenticator authenticator;

    public PasswordMethod(PasswordAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<MethodResult> request(AuthenticationContext context, UserAuthRequest request, ByteBuf fields) {
        boolean change = Wire.readBoolean(fields);
        String password = Wire.readUtf8(fields, MAX_PASSWORD_LENGTH);
        String newPassword = change ? Wire.readUtf8(fields, MAX_PASSWORD_LENGTH) : null;
        Wire.expectEnd(fields, "password request");
        CompletionStage<PasswordResult> decision = change
                ? authenticator.changePassword(context, request.user(), password, newPassword)
                : authenticator.authenticate(context, request.user(), password);
        return decision.thenApply(PasswordMethod::toMethodResult);
    }

    private static MethodResult toMethodResult(PasswordResult result) {
        switch (result.outcome()) {
            case ACCEPTED:
                return MethodResult.success();
            case CHANGE_REQUIRED:
                return MethodResult.reply(new UserAuthPasswdChangeReq(result.prompt()));
            case INVALID_USER:
                return MethodResult.failedSecret(true);
            default:
                return MethodResult.failedSecret(false);
        }
    }
}
