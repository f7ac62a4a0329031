package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.message.UserAuthPasswdChangeReq;
import io.sshnetty.auth.internal.message.UserAuthRequest;
import io.sshnetty.auth.password.PasswordAuthenticator;

import java.util.concurrent.CompletionStage;

/**
 * The "password" method, RFC 4252 §8: {@code boolean FALSE, string password}, or, answering
 * SSH_MSG_USERAUTH_PASSWD_CHANGEREQ, {@code boolean TRUE, string old, string new}.
 */
public final class PasswordMethod implements AuthMethod {
    public static final String NAME = UserAuthRequest.PASSWORD;
    /** Longest password read; a longer one is a protocol error, not a slow hash of megabytes. */
    public static final int MAX_PASSWORD_LENGTH = UserAuthRequest.MAX_PASSWORD_LENGTH;

    private final PasswordAuthenticator authenticator;

    public PasswordMethod(PasswordAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<MethodResult> request(AuthenticationContext context, UserAuthRequest request) {
        if (!(request.body() instanceof UserAuthRequest.Password fields)) {
            throw new IllegalArgumentException("not a password request: " + request.method());
        }
        CompletionStage<AuthDecision> decision = fields.change()
                ? authenticator.changePassword(context, request.user(), fields.password(), fields.newPassword())
                : authenticator.authenticate(context, request.user(), fields.password());
        return decision.thenApply(PasswordMethod::toMethodResult);
    }

    /** An {@link AuthDecision.Ask} is a request for a new password, its instruction the text the client shows. */
    private static MethodResult toMethodResult(AuthDecision decision) {
        if (decision instanceof AuthDecision.Ask ask) {
            return MethodResult.reply(new UserAuthPasswdChangeReq(ask.instruction()));
        }
        return MethodResult.of(decision);
    }
}
