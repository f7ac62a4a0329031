package io.sshnetty.auth.internal;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.message.UserAuthInfoResponse;
import io.sshnetty.auth.internal.message.UserAuthRequest;
import io.sshnetty.transport.wire.SshProtocolException;

import java.util.concurrent.CompletionStage;

/**
 * One authentication method of RFC 4252 §5 ("publickey", "password", "keyboard-interactive", "none").
 * {@link UserAuthHandler} keeps a table of these by name and hands each request to the method it names.
 * One instance serves one connection, so a method may keep the state of a conversation; every call
 * comes on the connection's event loop, and the handler never calls again before a stage completes.
 */
public interface AuthMethod {
    /** The method name as it appears in SSH_MSG_USERAUTH_REQUEST. */
    String name();

    /**
     * Decides one SSH_MSG_USERAUTH_REQUEST for this method, already decoded: {@code request.body()} is this
     * method's {@link UserAuthRequest.Body}. Never blocks.
     */
    CompletionStage<MethodResult> request(AuthenticationContext context, UserAuthRequest request);

    /**
     * RFC 4256's SSH_MSG_USERAUTH_INFO_RESPONSE, the method-specific message a client sends after this method
     * answered with a {@link MethodResult.Reply} awaiting it; {@code request} is the request that started the
     * conversation.
     */
    default CompletionStage<MethodResult> response(AuthenticationContext context, UserAuthRequest request,
            UserAuthInfoResponse response) {
        throw SshProtocolException.protocolError("unexpected message for method " + name());
    }

    /**
     * The handler accepted a success of this method (it may still refuse one, e.g. for a user the access list
     * denies): the method may remember it, as publickey remembers the key so that it cannot serve twice.
     */
    default void accepted(MethodResult.Decided result) {
    }

    /** The client left the conversation this method had started (it sent a new request instead). */
    default void abandon() {
    }
}
