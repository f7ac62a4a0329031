package io.sshnetty.auth.publickey;

import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.transport.keys.SshPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Accepts OpenSSH user certificates signed by trusted certificate authorities, as sshd's
 * {@code TrustedUserCAKeys} does (sshd_config(5)): the certificate must list the user name among its
 * principals, be valid now, and satisfy its critical options; plain keys are not accepted.
 */
public final class TrustedUserCaKeysAuthenticator implements ImmediatePublicKeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(TrustedUserCaKeysAuthenticator.class);

    private final List<SshPublicKey> authorities;
    private final Clock clock;

    private TrustedUserCaKeysAuthenticator(List<SshPublicKey> authorities, Clock clock) {
        this.authorities = List.copyOf(authorities);
        this.clock = clock;
    }

    /** Trusts these CA keys. */
    public static TrustedUserCaKeysAuthenticator of(Collection<SshPublicKey> authorities) {
        return new TrustedUserCaKeysAuthenticator(new ArrayList<>(authorities), Clock.systemUTC());
    }

    /** Trusts the keys of {@code file}, one per line as in a {@code .pub} file; read once, now. */
    public static TrustedUserCaKeysAuthenticator forFile(Path file) throws IOException {
        List<SshPublicKey> keys = new ArrayList<>();
        for (AuthorizedKey line : AuthorizedKeys.read(file)) {
            keys.add(line.key());
        }
        return of(keys);
    }

    /** The same authorities, judged at the time of {@code clock}; for tests. */
    public TrustedUserCaKeysAuthenticator withClock(Clock clock) {
        return new TrustedUserCaKeysAuthenticator(authorities, Objects.requireNonNull(clock));
    }

    @Override
    public Optional<KeyRestrictions> decide(AuthenticationContext context, String user, SshPublicKey key) {
        if (!(key instanceof OpenSshCertificate certificate) || !authorities.contains(certificate.signatureKey())) {
            return Optional.empty();
        }
        InetAddress client = context.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        try {
            return Optional.of(certificate.authorize(List.of(user), clock.instant(), client));
        } catch (IllegalArgumentException refused) {
            log.info("Certificate {} for {} refused: {}", certificate.keyId(), user, refused.getMessage());
            return Optional.empty();
        }
    }
}
