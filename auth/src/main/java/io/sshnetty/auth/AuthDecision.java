package io.sshnetty.auth;

import io.sshnetty.auth.keyboard.Prompt;
import io.sshnetty.auth.publickey.KeyRestrictions;

import java.util.List;
import java.util.Objects;

/**
 * What an authenticator decided about one attempt: every authenticator (public key, password,
 * keyboard-interactive) answers with one of these.
 *
 * <ul>
 *   <li>{@link Accept}: the user is authenticated by this method, under {@link KeyRestrictions} (for a key, its
 *       authorized_keys or certificate options; {@link KeyRestrictions#NONE} for none) and with an application
 *       attachment, any object (a tenant, an account) that then travels with the connection to
 *       {@code SessionInfo}, {@code ForwardingRequest} and the registry's {@code ConnectionInfo}.</li>
 *   <li>{@link Partial}: this method succeeded, but this user must also pass one of {@link Partial#next()}
 *       (RFC 4252 §5.1 partial success), on top of what the server's {@link AuthenticationPolicy} asks.</li>
 *   <li>{@link Reject}: the attempt failed; {@link Reject#invalidUser()} when there is no such user (the
 *       client gets the same answer after the same delay; only the log says "invalid user").</li>
 *   <li>{@link Ask}: neither yet. For keyboard-interactive, one more round of prompts; for password, a
 *       request to choose a new password (SSH_MSG_USERAUTH_PASSWD_CHANGEREQ, its text the
 *       {@link Ask#instruction()}). The publickey method has nothing to ask: it takes an Ask as a refusal.</li>
 * </ul>
 *
 * <p>When several methods succeed on one connection (a policy such as {@code publickey,password}, or a
 * {@link Partial}), their restrictions are combined ({@link KeyRestrictions#and}), and the attachment is the
 * last one given: a success without an attachment keeps the one before. A later authenticator sees the
 * attachment so far in {@link AuthenticationContext#attachment()}, so it may combine the two itself.
 */
public sealed interface AuthDecision permits AuthDecision.Accept, AuthDecision.Partial, AuthDecision.Reject,
        AuthDecision.Ask {

    /**
     * The user is authenticated by this method.
     *
     * @param restrictions what the session may do (forced command, forwarding, …); never null
     * @param attachment   the application's object for this connection, or {@code null}
     */
    record Accept(KeyRestrictions restrictions, Object attachment) implements AuthDecision {
        public Accept {
            restrictions = restrictions == null ? KeyRestrictions.NONE : restrictions;
        }
    }

    /**
     * This method succeeded, and the user must also pass one of {@code next} before being authenticated.
     *
     * @param next         the methods that may follow, e.g. {@code ["keyboard-interactive"]}; not empty
     * @param restrictions as for {@link Accept}
     * @param attachment   as for {@link Accept}
     */
    record Partial(List<String> next, KeyRestrictions restrictions, Object attachment) implements AuthDecision {
        public Partial {
            next = List.copyOf(next);
            if (next.isEmpty()) {
                throw new IllegalArgumentException("a partial success names the methods that may follow");
            }
            restrictions = restrictions == null ? KeyRestrictions.NONE : restrictions;
        }
    }

    /** The attempt failed; {@code invalidUser} when the user does not exist (logged as sshd does). */
    record Reject(boolean invalidUser) implements AuthDecision {
    }

    /**
     * Not decided yet: show the client {@code prompts} (keyboard-interactive, RFC 4256 §3.2) or, for password,
     * ask for a new password with {@code instruction} as its text (RFC 4252 §8).
     *
     * @param name        the round's title (may be empty)
     * @param instruction the round's instruction, or the password-change text (may be empty)
     * @param prompts     the round's prompts; may be empty (RFC 4256 §3.4: the client still answers)
     */
    record Ask(String name, String instruction, List<Prompt> prompts) implements AuthDecision {
        public Ask {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(instruction, "instruction");
            prompts = List.copyOf(prompts);
        }
    }

    /** Authenticated, without restrictions or attachment. */
    static AuthDecision accept() {
        return new Accept(KeyRestrictions.NONE, null);
    }

    /** Authenticated, carrying {@code attachment} (null for none) to the connection's sessions and forwardings. */
    static AuthDecision accept(Object attachment) {
        return new Accept(KeyRestrictions.NONE, attachment);
    }

    /** Authenticated under {@code restrictions}, carrying {@code attachment} (null for none). */
    static AuthDecision accept(KeyRestrictions restrictions, Object attachment) {
        return new Accept(restrictions, attachment);
    }

    /** This method succeeded; the user must also pass one of {@code next}. */
    static AuthDecision partial(String... next) {
        return new Partial(List.of(next), KeyRestrictions.NONE, null);
    }

    /** This method succeeded, carrying {@code attachment}; the user must also pass one of {@code next}. */
    static AuthDecision partial(List<String> next, Object attachment) {
        return new Partial(next, KeyRestrictions.NONE, attachment);
    }

    /** The attempt failed. */
    static AuthDecision reject() {
        return new Reject(false);
    }

    /** There is no such user: answered exactly like {@link #reject()}, logged as an invalid user. */
    static AuthDecision invalidUser() {
        return new Reject(true);
    }

    /** One more keyboard-interactive round: show {@code prompts} and send back the answers. */
    static AuthDecision ask(String name, String instruction, List<Prompt> prompts) {
        return new Ask(name, instruction, prompts);
    }

    /** One more keyboard-interactive round without title or instruction. */
    static AuthDecision ask(Prompt... prompts) {
        return new Ask("", "", List.of(prompts));
    }

    /** The password is right but must change: the client asks for a new one, showing {@code prompt}. */
    static AuthDecision changePassword(String prompt) {
        return new Ask("", prompt, List.of());
    }

    /** True for {@link Accept} and {@link Partial}: the method succeeded. */
    default boolean isSuccess() {
        return this instanceof Accept || this instanceof Partial;
    }

    /** The restrictions of a success; {@link KeyRestrictions#NONE} for any other decision. */
    default KeyRestrictions restrictions() {
        return KeyRestrictions.NONE;
    }

    /** The attachment of a success, or null (always null for any other decision). */
    default Object attachment() {
        return null;
    }

    /** This decision with other restrictions, if it is a success; any other decision as it is. */
    default AuthDecision withRestrictions(KeyRestrictions restrictions) {
        if (this instanceof Accept accept) {
            return new Accept(restrictions, accept.attachment());
        }
        return this instanceof Partial partial ? new Partial(partial.next(), restrictions, partial.attachment()) : this;
    }

    /**
     * This decision carrying {@code attachment}, if it is a success; any other decision as it is. A decorator's
     * way to attach: {@code keys.authorize(...).thenApply(d -> d.withAttachment(tenantOf(user)))}.
     */
    default AuthDecision withAttachment(Object attachment) {
        if (this instanceof Accept accept) {
            return new Accept(accept.restrictions(), attachment);
        }
        return this instanceof Partial partial ? new Partial(partial.next(), partial.restrictions(), attachment) : this;
    }
}
