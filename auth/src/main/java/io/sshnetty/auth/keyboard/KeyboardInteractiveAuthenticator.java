package io.sshnetty.auth.keyboard;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.password.PasswordAuthenticator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Holds keyboard-interactive conversations (RFC 4256): each attempt gets a {@link Conversation} whose every
 * step is an {@link AuthDecision}: {@link AuthDecision#ask} for another round of prompts, until it accepts,
 * rejects or asks for a further method ({@link AuthDecision#partial}). Nothing may block; every step returns a
 * stage. For a password check that blocks, {@code password(PasswordAuthenticator.blocking(check))} runs it on
 * a bounded pool instead of the event loop.
 */
public interface KeyboardInteractiveAuthenticator {
    /**
     * Starts one attempt for {@code user}.
     *
     * @param submethods the client's hint (RFC 4256 §3.1), usually empty
     */
    Conversation start(AuthenticationContext context, String user, List<String> submethods);

    /** One attempt's conversation; its calls come one at a time, each after the previous stage completed. */
    interface Conversation {
        /** The first step: usually the first round of prompts. */
        CompletionStage<AuthDecision> begin();

        /** The client's answers to the last round, one per prompt and in order. */
        CompletionStage<AuthDecision> answer(List<String> responses);

        /** The client gave up (or started another request); release what the attempt holds. */
        default void abandon() {
        }
    }

    /**
     * The common case, as sshd does with PAM: one round with one secret prompt {@code "Password: "},
     * decided by {@code passwords}. A password that must change is refused (change it with the password method).
     */
    static KeyboardInteractiveAuthenticator password(PasswordAuthenticator passwords) {
        return (context, user, submethods) -> new Conversation() {
            @Override
            public CompletionStage<AuthDecision> begin() {
                return CompletableFuture.completedFuture(AuthDecision.ask(Prompt.secret("Password: ")));
            }

            @Override
            public CompletionStage<AuthDecision> answer(List<String> responses) {
                return passwords.authenticate(context, user, responses.get(0))
                        .thenApply(decision -> decision instanceof AuthDecision.Ask ? AuthDecision.reject() : decision);
            }
        };
    }
}
