package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.SshPublicKey;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides which public keys may authenticate which users (RFC 4252 §7). The two steps of the method are
 * two calls, so an offered key can never be taken for a proven one: {@link #isAcceptable} answers a
 * query (the client offers a key without a signature, and gets SSH_MSG_USERAUTH_PK_OK), while
 * {@link #authenticate} (or {@link #authorize}) is called only after the signature over the session
 * identifier has verified. All return a stage, so a lookup in a database or directory never blocks the
 * event loop. A key may be an OpenSSH certificate ({@link OpenSshCertificate}); its CA's signature has
 * not been checked yet when it reaches an authenticator.
 *
 * <p>For a signed request {@link #isAcceptable} is asked first, as sshd does, so a key the authenticator would
 * refuse costs no signature verification; the signature is then verified off the event loop, and
 * {@link #authorize} follows on whichever thread completed the previous step. Calls for one connection come
 * one at a time, but not necessarily on its event loop.
 */
public interface PublicKeyAuthenticator {
    /** Would {@code key} be accepted for {@code user} if the client proves it holds the private key? */
    CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key);

    /** The client has proven it holds the private key of {@code key}: does that authenticate {@code user}? */
    CompletionStage<Boolean> authenticate(AuthenticationContext context, String user, ProvenPublicKey key);

    /**
     * As {@link #authenticate}, with the restrictions that come with the key (authorized_keys options,
     * certificate options); empty when the key does not authenticate {@code user}. By default a key that
     * authenticates is unrestricted.
     */
    default CompletionStage<Optional<KeyRestrictions>> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
        return authenticate(context, user, key).thenApply(ok -> ok ? Optional.of(KeyRestrictions.NONE) : Optional.empty());
    }

    /**
     * This authenticator under sshd's PubkeyAuthOptions for FIDO security keys: with {@code touchRequired}
     * every security key signature must show user presence, whatever {@code no-touch-required} says; with
     * {@code verifyRequired} it must also show user verification (PIN or biometrics).
     */
    default PublicKeyAuthenticator withSecurityKeyPolicy(boolean touchRequired, boolean verifyRequired) {
        PublicKeyAuthenticator inner = this;
        return new PublicKeyAuthenticator() {
            @Override
            public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
                return inner.isAcceptable(context, user, key);
            }

            @Override
            public CompletionStage<Boolean> authenticate(AuthenticationContext context, String user, ProvenPublicKey key) {
                return authorize(context, user, key).thenApply(Optional::isPresent);
            }

            @Override
            public CompletionStage<Optional<KeyRestrictions>> authorize(AuthenticationContext context, String user,
                    ProvenPublicKey key) {
                return inner.authorize(context, user, key).thenApply(restrictions -> restrictions
                        .map(r -> r.withSecurityKeyRequirements(touchRequired, verifyRequired)));
            }
        };
    }

    /** Asks {@code first}, and {@code second} when {@code first} does not accept the key. */
    static PublicKeyAuthenticator firstOf(PublicKeyAuthenticator first, PublicKeyAuthenticator second) {
        return new PublicKeyAuthenticator() {
            @Override
            public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
                return first.isAcceptable(context, user, key)
                        .thenCompose(ok -> ok ? CompletableFuture.completedFuture(true) : second.isAcceptable(context, user, key));
            }

            @Override
            public CompletionStage<Boolean> authenticate(AuthenticationContext context, String user, ProvenPublicKey key) {
                return authorize(context, user, key).thenApply(Optional::isPresent);
            }

            @Override
            public CompletionStage<Optional<KeyRestrictions>> authorize(AuthenticationContext context, String user,
                    ProvenPublicKey key) {
                return first.authorize(context, user, key).thenCompose(restrictions -> restrictions.isPresent()
                        ? CompletableFuture.completedFuture(restrictions) : second.authorize(context, user, key));
            }
        };
    }
}
