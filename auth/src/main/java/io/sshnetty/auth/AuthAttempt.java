package io.sshnetty.auth;

/**
 * One authentication attempt's outcome, fired down the pipeline (as a user event) for whoever counts
 * them, such as the server's registry. The same attempts are logged, one INFO line each.
 *
 * @param user    the user name the client gave
 * @param method  the method, e.g. "publickey"
 * @param outcome how it ended
 * @param invalidUser whether the authenticator said the user does not exist (sshd's "invalid user")
 */
public record AuthAttempt(String user, String method, Outcome outcome, boolean invalidUser) {
    /** An attempt for a user not known to be invalid. */
    public AuthAttempt(String user, String method, Outcome outcome) {
        this(user, method, outcome, false);
    }

    public enum Outcome {
        /** The method authenticated the user (the last factor of a chain, or the only one). */
        ACCEPTED,
        /** The method succeeded, but the policy asks for another (partial success). */
        PARTIAL,
        /** The method failed. */
        FAILED
    }
}
