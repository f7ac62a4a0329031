package io.sshnetty.server.demo;

import java.nio.file.Path;
import java.util.Set;

/**
 * The demo server's options as a typed value, so a test starts the very server the command line does.
 *
 * @param bind           address to listen on
 * @param port           port to listen on; 0 for an ephemeral port
 * @param hostKey        the ed25519 host key file, generated in OpenSSH format when missing
 * @param authorizedKeys the authorized_keys file that decides which keys may log in
 * @param passwords      a file of {@code user:password} lines that enables password and keyboard-interactive
 *                       for those users; must not be readable by group or others; null for none
 * @param trustedUserCaKeys a file of CA public keys whose user certificates are accepted for their principals
 *                       (sshd's TrustedUserCAKeys); null for none
 * @param banner         a file whose text is sent before authentication; null for none
 * @param authMethods    sshd's AuthenticationMethods, e.g. {@code "publickey,password"}; null for any one method
 * @param admins         users who may run the operator commands ({@code sshnetty connections}, {@code sshnetty close})
 */
public record DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Path passwords, Path trustedUserCaKeys,
        Path banner, String authMethods, Set<String> admins) {
    public DemoConfig {
        admins = Set.copyOf(admins);
    }

    /** Public keys only, no operators. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys) {
        this(bind, port, hostKey, authorizedKeys, null, null, null, null, Set.of());
    }

    /** Public keys only, with operators. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Set<String> admins) {
        this(bind, port, hostKey, authorizedKeys, null, null, null, null, admins);
    }

    /** Every authentication option, no operators. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Path passwords, Path trustedUserCaKeys,
            Path banner, String authMethods) {
        this(bind, port, hostKey, authorizedKeys, passwords, trustedUserCaKeys, banner, authMethods, Set.of());
    }
}
