package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.message.UserAuthRequest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The "none" method, RFC 4252 §5.2, enabled only when the application allows it: then it succeeds for
 * every user. (When it is not enabled, "none" is still answered, with the methods that can continue.)
 */
final class NoneMethod implements AuthMethod {
    static final String NAME = UserAuthRequest.NONE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<MethodResult> request(AuthenticationContext context, UserAuthRequest request) {
        return CompletableFuture.completedFuture(MethodResult.of(AuthDecision.accept()));
    }
}
