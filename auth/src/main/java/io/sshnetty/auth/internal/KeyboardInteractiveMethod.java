package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.AuthMethod;
import io.sshnetty.auth.internal.MethodResult;
import io.sshnetty.auth.internal.message.UserAuthInfoRequest;
import io.sshnetty.auth.internal.message.UserAuthInfoResponse;
import io.sshnetty.auth.internal.message.UserAuthRequest;
import io.sshnetty.auth.keyboard.Challenge;
import io.sshnetty.auth.keyboard.KeyboardInteractiveAuthenticator;
import io.sshnetty.auth.password.PasswordResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The "keyboard-interactive" method, RFC 4256: the request ({@code string language, string submethods})
 * starts a conversation; each round is an SSH_MSG_USERAUTH_INFO_REQUEST answered by an
 * SSH_MSG_USERAUTH_INFO_RESPONSE, until the conversation accepts or refuses.
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
            return CompletableFuture.completedFuture(MethodResult.failure(null));
        }
        if (response.responses().size() != expectedResponses) {
            // RFC 4256 §3.4: a count that does not match the prompts is answered with failure.
            abandon();
            return CompletableFuture.completedFuture(MethodResult.failure(null));
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

    private MethodResult step(Challenge challenge) {
        if (!challenge.isFinal() && ++rounds > MAX_ROUNDS) {
            challenge = Challenge.refused();
        }
        if (challenge.isFinal()) {
            conversation = null;
            if (challenge.outcome() == PasswordResult.Outcome.ACCEPTED) {
                return MethodResult.success();
            }
            return MethodResult.failedSecret(challenge.outcome() == PasswordResult.Outcome.INVALID_USER);
        }
        expectedResponses = challenge.prompts().size();
        return MethodResult.ask(new UserAuthInfoRequest(challenge.name(), challenge.instruction(), challenge.prompts()));
    }
}
