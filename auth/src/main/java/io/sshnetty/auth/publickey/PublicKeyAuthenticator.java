package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.SshPublicKey;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Decides which public keys may authenticate which users (RFC 4252 §7). The two steps of the method are
 * two calls, so an offered key can never be taken for a proven one: {@link #isAcceptable} answers "would this
 * key do?" (for a query, where the client offers a key without a signature and gets SSH_MSG_USERAUTH_PK_OK,
 * and before any signature is verified), while {@link #authorize} is called only after the signature over the
 * session identifier has verified, and decides: accept (with the key's {@link KeyRestrictions} and an
 * application attachment), reject, or partial success. Both return a stage, so a lookup in a database or
 * directory never blocks the event loop. A key may be an OpenSSH certificate ({@link OpenSshCertificate}); its
 * CA's signature has not been checked yet when it reaches an authenticator.
 *
 * <p>For a signed request {@link #isAcceptable} is asked first, as sshd does, so a key the authenticator would
 * refuse costs no signature verification; the signature is then verified off the event loop, and
 * {@link #authorize} follows on whichever thread completed the previous step. Calls for one connection come
 * one at a time, but not necessarily on its event loop. An {@link AuthDecision.Ask} from {@link #authorize}
 * is taken as a refusal: publickey has nothing to ask.
 */
public interface PublicKeyAuthenticator {
    /** Would {@code key} be accepted for {@code user} if the client proves it holds the private key? */
    CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key);

    /** The client has proven it holds the private key of {@code key}: what does that make of {@code user}? */
    CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key);

    /**
     * An authenticator that decides at once, from what it holds in memory: {@code check} answers both steps,
     * for the offered key (a key is acceptable when the decision is a success) and again for the proven one.
     * It runs on the event loop, so it must not block.
     */
    static PublicKeyAuthenticator immediate(KeyCheck check) {
        Objects.requireNonNull(check, "check");
        return new PublicKeyAuthenticator() {
            @Override
            public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
                return CompletableFuture.completedFuture(check.decide(context, user, key).isSuccess());
            }

            @Override
            public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
                return CompletableFuture.completedFuture(check.decide(context, user, key.key()));
            }
        };
    }

    /** A decision about a key, taken at once; see {@link #immediate}. */
    @FunctionalInterface
    interface KeyCheck {
        /** What {@code key} would make of {@code user}: accept (with restrictions, attachment), reject, or partial. */
        AuthDecision decide(AuthenticationContext context, String user, SshPublicKey key);
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
            public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
                return inner.authorize(context, user, key).thenApply(decision -> decision.withRestrictions(
                        decision.restrictions().withSecurityKeyRequirements(touchRequired, verifyRequired)));
            }
        };
    }

    /**
     * This authenticator, attaching {@code attachment.apply(context, user)} to each key it accepts: how an
     * application carries a tenant or an account from a ready-made authenticator such as
     * {@link AuthorizedKeysAuthenticator} to its sessions. Called after the key is proven, on whichever thread
     * completed the lookup; it must not block. A null attachment keeps the decision's own.
     */
    default PublicKeyAuthenticator withAttachment(BiFunction<AuthenticationContext, String, ?> attachment) {
        Objects.requireNonNull(attachment, "attachment");
        PublicKeyAuthenticator inner = this;
        return new PublicKeyAuthenticator() {
            @Override
            public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
                return inner.isAcceptable(context, user, key);
            }

            @Override
            public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
                return inner.authorize(context, user, key).thenApply(decision -> {
                    Object attached = decision.isSuccess() ? attachment.apply(context, user) : null;
                    return attached == null ? decision : decision.withAttachment(attached);
                });
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
            public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
                return first.authorize(context, user, key).thenCompose(decision -> decision.isSuccess()
                        ? CompletableFuture.completedFuture(decision) : second.authorize(context, user, key));
            }
        };
    }
}
