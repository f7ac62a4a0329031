package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.SshPublicKey;

import java.util.concurrent.CompletionStage;

/**
 * Decides which public keys may authenticate which users (RFC 4252 §7). The two steps of the method are
 * two calls, so an offered key can never be taken for a proven one: {@link #isAcceptable} answers a
 * query (the client offers a key without a signature, and gets SSH_MSG_USERAUTH_PK_OK), while
 * {@link #authenticate} is called only after the signature over the session identifier has verified.
 * Both return a stage, so a lookup in a database or directory never blocks the event loop.
 */
public interface PublicKeyAuthenticator {
    /** Would {@code key} be accepted for {@code user} if the client proves it holds the private key? */
    CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key);

    /** The client has proven it holds the private key of {@code key}: does that authenticate {@code user}? */
    CompletionStage<Boolean> authenticate(AuthenticationContext context, String user, ProvenPublicKey key);
}
