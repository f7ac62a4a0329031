package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.SshPublicKey;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link PublicKeyAuthenticator} that decides at once, from what it holds in memory or reads from a
 * small local file: one method, {@link #decide}, from which the query, the proof and the authorization
 * all follow. The two steps stay two calls for the handler; here they share one answer.
 */
public interface ImmediatePublicKeyAuthenticator extends PublicKeyAuthenticator {
    /** The restrictions under which {@code key} would authenticate {@code user}, or empty if it would not. */
    Optional<KeyRestrictions> decide(AuthenticationContext context, String user, SshPublicKey key);

    @Override
    default CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
        return CompletableFuture.completedFuture(decide(context, user, key).isPresent());
    }

    @Override
    default CompletionStage<Boolean> authenticate(AuthenticationContext context, String user, ProvenPublicKey key) {
        return CompletableFuture.completedFuture(decide(context, user, key.key()).isPresent());
    }

    @Override
    default CompletionStage<Optional<KeyRestrictions>> authorize(AuthenticationContext context, String user,
            ProvenPublicKey key) {
        return CompletableFuture.completedFuture(decide(context, user, key.key()));
    }
}
