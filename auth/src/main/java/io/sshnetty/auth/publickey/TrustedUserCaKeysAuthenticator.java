package io.sshnetty.auth.publickey;

import io.sshnetty.auth.internal.LogText;
import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.internal.SignatureVerification;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Accepts OpenSSH user certificates signed by trusted certificate authorities, as sshd's
 * {@code TrustedUserCAKeys} does (sshd_config(5)): the certificate must list the user name among its
 * principals, be valid now, and satisfy its critical options; plain keys are not accepted.
 *
 * <p>Checking the CA's signature costs up to milliseconds (about 3 ms for a 16384-bit RSA CA), so a
 * certificate of a trusted CA is decided on {@link SignatureVerification#sharedExecutor()} (or the executor
 * given to {@link #withExecutor}), never on the event loop; a full queue refuses the certificate. A key that
 * is not a certificate of a trusted CA is refused at once.
 */
public final class TrustedUserCaKeysAuthenticator implements PublicKeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(TrustedUserCaKeysAuthenticator.class);

    private final List<SshPublicKey> authorities;
    private final Clock clock;
    private final Executor executor;

    private TrustedUserCaKeysAuthenticator(List<SshPublicKey> authorities, Clock clock, Executor executor) {
        this.authorities = List.copyOf(authorities);
        this.clock = clock;
        this.executor = executor;
    }

    /** Trusts these CA keys. */
    public static TrustedUserCaKeysAuthenticator of(Collection<SshPublicKey> authorities) {
        return new TrustedUserCaKeysAuthenticator(new ArrayList<>(authorities), Clock.systemUTC(),
                SignatureVerification.sharedExecutor());
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
        return new TrustedUserCaKeysAuthenticator(authorities, Objects.requireNonNull(clock), executor);
    }

    /**
     * The same authorities, checking signatures on {@code executor} instead of the shared verification pool;
     * {@code Runnable::run} checks on the caller's thread, for tests only.
     */
    public TrustedUserCaKeysAuthenticator withExecutor(Executor executor) {
        return new TrustedUserCaKeysAuthenticator(authorities, clock, Objects.requireNonNull(executor));
    }

    @Override
    public CompletionStage<Boolean> isAcceptable(AuthenticationContext context, String user, SshPublicKey key) {
        return decideLater(context, user, key).thenApply(AuthDecision::isSuccess);
    }

    @Override
    public CompletionStage<AuthDecision> authorize(AuthenticationContext context, String user, ProvenPublicKey key) {
        return decideLater(context, user, key.key());
    }

    /** {@link #decide} on the executor, for a certificate of a trusted CA; anything else is refused at once. */
    private CompletionStage<AuthDecision> decideLater(AuthenticationContext context, String user, SshPublicKey key) {
        if (!(key instanceof OpenSshCertificate certificate) || !authorities.contains(certificate.signatureKey())) {
            return CompletableFuture.completedFuture(AuthDecision.reject());
        }
        try {
            return CompletableFuture.supplyAsync(() -> decide(context, user, key), executor);
        } catch (RejectedExecutionException busy) {
            log.warn("certificate check for {} refused: executor busy ({})", LogText.escape(user), busy.getMessage());
            return CompletableFuture.completedFuture(AuthDecision.reject());
        }
    }

    /**
     * Accepts a certificate of a trusted CA for {@code user} under its options, or rejects the key. Decides on
     * the caller's thread, checking the CA's signature: never call it on an event loop.
     */
    public AuthDecision decide(AuthenticationContext context, String user, SshPublicKey key) {
        if (!(key instanceof OpenSshCertificate certificate) || !authorities.contains(certificate.signatureKey())) {
            return AuthDecision.reject();
        }
        InetAddress client = context.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        try {
            return AuthDecision.accept(certificate.authorize(List.of(user), clock.instant(), client), null);
        } catch (IllegalArgumentException refused) {
            log.info("Certificate {} for {} refused: {}", LogText.escape(certificate.keyId()), LogText.escape(user),
                    LogText.escape(refused.getMessage()));
            return AuthDecision.reject();
        }
    }
}
