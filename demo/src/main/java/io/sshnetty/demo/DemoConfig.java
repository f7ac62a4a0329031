package io.sshnetty.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The demo server's options as a typed value, so a test starts the very server the command line does.
 *
 * @param bind              address to listen on
 * @param port              port to listen on; 0 for an ephemeral port
 * @param hostKeys          host key files (ed25519, ECDSA or RSA; OpenSSH, PEM or PKCS#8); a missing one gets a
 *                          generated ed25519 key in OpenSSH format
 * @param authorizedKeys    the authorized_keys file that decides which keys may log in, as the server's own account
 *                          ({@code user.name}), an admin or one of {@code users}
 * @param kexAlgorithms     the key exchange methods offered, in order of preference; empty for the defaults
 * @param passwords         a file of {@code user:password} lines that enables password and keyboard-interactive
 *                          for those users; must not be readable by group or others; null for none
 * @param trustedUserCaKeys a file of CA public keys whose user certificates are accepted for their principals
 *                          (sshd's TrustedUserCAKeys); null for none
 * @param banner            a file whose text is sent before authentication; null for none
 * @param authMethods       sshd's AuthenticationMethods, e.g. {@code "publickey,password"}; null for any one method
 * @param admins            users who may run the operator commands ({@code sshnetty connections}, {@code sshnetty close})
 * @param sftpRoot          the directory SFTP and scp are confined to, or {@code null} for the server user's home
 *                          directory
 * @param users             further user names the authorized_keys file lets in, besides the server's own account
 *                          and the admins
 */
public record DemoConfig(String bind, int port, List<Path> hostKeys, Path authorizedKeys, List<String> kexAlgorithms,
        Path passwords, Path trustedUserCaKeys, Path banner, String authMethods, Set<String> admins, Path sftpRoot,
        Set<String> users) {
    public DemoConfig {
        hostKeys = List.copyOf(hostKeys);
        kexAlgorithms = List.copyOf(kexAlgorithms);
        admins = Set.copyOf(admins);
        users = Set.copyOf(users);
        if (hostKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one host key file");
        }
    }

    /** One host key, public keys only, the default algorithms, no operators. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys) {
        this(bind, port, List.of(hostKey), authorizedKeys, List.of(), null, null, null, null, Set.of(), null, Set.of());
    }

    /** As {@link #DemoConfig(String, int, Path, Path)}, with operators. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Set<String> admins) {
        this(bind, port, List.of(hostKey), authorizedKeys, List.of(), null, null, null, null, admins, null, Set.of());
    }

    /** One host key and every authentication option. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Path passwords, Path trustedUserCaKeys,
            Path banner, String authMethods) {
        this(bind, port, List.of(hostKey), authorizedKeys, List.of(), passwords, trustedUserCaKeys, banner, authMethods,
                Set.of(), null, Set.of());
    }

    /** Several host keys and the default key exchange methods. */
    public DemoConfig(String bind, int port, List<Path> hostKeys, Path authorizedKeys) {
        this(bind, port, hostKeys, authorizedKeys, List.of(), null, null, null, null, Set.of(), null, Set.of());
    }

    /** Several host keys and the key exchange methods to offer. */
    public DemoConfig(String bind, int port, List<Path> hostKeys, Path authorizedKeys, List<String> kexAlgorithms) {
        this(bind, port, hostKeys, authorizedKeys, kexAlgorithms, null, null, null, null, Set.of(), null, Set.of());
    }

    /** One host key, public keys only, SFTP and scp confined to {@code sftpRoot}. */
    public DemoConfig(String bind, int port, Path hostKey, Path authorizedKeys, Path sftpRoot) {
        this(bind, port, List.of(hostKey), authorizedKeys, List.of(), null, null, null, null, Set.of(), sftpRoot, Set.of());
    }

    /** The same options, with {@code names} as the further users the authorized_keys file lets in. */
    public DemoConfig withUsers(Set<String> names) {
        return new DemoConfig(bind, port, hostKeys, authorizedKeys, kexAlgorithms, passwords, trustedUserCaKeys, banner,
                authMethods, admins, sftpRoot, names);
    }

    /** The same options, with SFTP and scp confined to {@code root}. */
    public DemoConfig withSftpRoot(Path root) {
        return new DemoConfig(bind, port, hostKeys, authorizedKeys, kexAlgorithms, passwords, trustedUserCaKeys, banner,
                authMethods, admins, root, users);
    }

    /** Everyone the authorized_keys file lets in: the server's own account, the admins and the other users. */
    public Set<String> accounts() {
        Set<String> accounts = new java.util.TreeSet<>(users);
        accounts.addAll(admins);
        accounts.add(System.getProperty("user.name"));
        return Set.copyOf(accounts);
    }
}
