package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.message.UserAuthInfoRequest;
import io.sshnetty.auth.internal.message.UserAuthInfoResponse;
import io.sshnetty.auth.internal.message.UserAuthRequest;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The "keyboard-interactive" method, RFC 4256: the request ({@code string language, string submethods})
 * starts a conversation; each {@link AuthDecision.Ask} is a round, an SSH_MSG_USERAUTH_INFO_REQUEST answered by
 * an SSH_MSG_USERAUTH_INFO_RESPONSE, until the conversation decides otherwise.
 */
public final class KeyboardInteractiveMethod implements AuthMethod {
    public static final String NAME = UserAuthRequest.KEYBOARD_INTERACTIVE;
    /** Rounds of one attempt before it is refused: a conversation does not go on for ever. */
    public static final int MAX_ROUNDS = 16;

    private final KeyboardInteractiveAuthenticator authenticator;
    private KeyboardInteractiveAuthenticator.Conversation conversation;
    private int expectedResponses;
    private int rounds;

    public KeyboardInteractiveMethod(KeyboardInteractiveAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<MethodResult> request(AuthenticationContext context, UserAuthRequest request) {
        if (!(request.body() instanceof UserAuthRequest.KeyboardInteractive fields)) {
            throw new IllegalArgumentException("not a keyboard-interactive request: " + request.method());
        }
        abandon();
        // The language tag is deprecated (RFC 4256 §3.1) and ignored, as by sshd.
        conversation = authenticator.start(context, request.user(), fields.submethodHints());
        rounds = 0;
        return conversation.begin().thenApply(this::step);
    }

    @Override
    public CompletionStage<MethodResult> response(AuthenticationContext context, UserAuthRequest request,
            UserAuthInfoResponse response) {
        if (conversation == null) {
            return CompletableFuture.completedFuture(MethodResult.of(AuthDecision.reject()));
        }
        if (response.responses().size() != expectedResponses) {
            // RFC 4256 §3.4: a count that does not match the prompts is answered with failure.
            abandon();
            return CompletableFuture.completedFuture(MethodResult.of(AuthDecision.reject()));
        }
        return conversation.answer(response.responses()).thenApply(this::step);
    }

    @Override
    public void abandon() {
        if (conversation != null) {
            conversation.abandon();
            conversation = null;
        }
    }

    private MethodResult step(AuthDecision decision) {
        if (decision instanceof AuthDecision.Ask && ++rounds > MAX_ROUNDS) {
            decision = AuthDecision.reject();
        }
        if (decision instanceof AuthDecision.Ask ask) {
            expectedResponses = ask.prompts().size();
            return MethodResult.ask(new UserAuthInfoRequest(ask.name(), ask.instruction(), ask.prompts()));
        }
        conversation = null;
        return MethodResult.of(decision);
    }
}
