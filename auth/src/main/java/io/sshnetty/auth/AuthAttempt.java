package io.sshnetty.auth;

/**
 * One authentication attempt's outcome, fired down the pipeline (as a user event) for whoever counts
 * them, such as the server's registry. The same attempts are logged, one INFO line each.
 *
 * @param user    the user name the client gave
 * @param method  the method, e.g. "publickey"
 * @param outcome how it ended
 */
public record AuthAttempt(String user, String method, Outcome outcome) {
    public enum Outcome {
        /** The method authenticated the user (the last factor of a chain, or the only one). */
        ACCEPTED,
        /** The method succeeded, but the policy asks for another (partial success). */
        PARTIAL,
        /** The method failed. */
        FAILED
    }
}
