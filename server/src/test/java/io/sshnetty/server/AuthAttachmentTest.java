package io.sshnetty.server;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.server.registry.ConnectionInfo;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an authenticator attaches reaches, with real clients, the session handlers' {@code SessionInfo}, the
 * forwarding policy's {@code ForwardingRequest} and the registry's {@code ConnectionInfo}: no map keyed by
 * connection id needed.
 */
class AuthAttachmentTest {
    @TempDir
    static Path dir;

    private static Path key;
    private static Path authorizedKeys;

    /** What an application might attach: the tenant an account belongs to. */
    record Tenant(String name) {
    }

    /** What the server's handlers saw of one connection. */
    private static final class Seen {
        final List<Object> sessions = new CopyOnWriteArrayList<>();
        final List<Object> forwardings = new CopyOnWriteArrayList<>();
        final CompletableFuture<List<ConnectionInfo>> listed = new CompletableFuture<>();
        final AtomicReference<SshServer> server = new AtomicReference<>();

        /** Records what the handlers see; exec is refused (null), since what matters is what the handler was given. */
        SshServer.Builder watch(SshServer.Builder builder) {
            return builder
                    .exec(request -> {
                        sessions.add(request.session().attachment());
                        server.get().registry().list(info -> info.user() != null).whenComplete((list, failed) -> {
                            if (failed != null) {
                                listed.completeExceptionally(failed);
                            } else {
                                listed.complete(list);
                            }
                        });
                        return null;
                    })
                    .forwardingPolicy(request -> {
                        forwardings.add(request.attachment(Tenant.class).orElseThrow());
                        return false;
                    });
        }

        SshServer start(SshServer.Builder builder) {
            SshServer built = watch(builder).build();
            server.set(built);
            return built;
        }
    }

    @BeforeAll
    static void keys() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        authorizedKeys = dir.resolve("authorized_keys");
        Files.copy(Path.of(key + ".pub"), authorizedKeys);
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    @Test
    void attachmentOfAKeyReachesSessionsForwardingsAndTheRegistry() throws Exception {
        Seen seen = new Seen();
        try (SshServer server = seen.start(SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user")
                        .withAttachment((context, user) -> new Tenant("tenant of " + user))))) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
            client.run("whoami");
            client.run(List.of("-W", "127.0.0.1:9"), null, null);
            Tenant tenant = new Tenant("tenant of user");
            assertEquals(List.of(tenant), seen.sessions);
            assertEquals(List.of(tenant), seen.forwardings);
            List<ConnectionInfo> listed = seen.listed.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(Optional.of(tenant)), listed.stream().map(info -> info.attachment(Tenant.class)).toList());
        }
    }

    @Test
    void attachmentOfAPasswordReachesTheSession() throws Exception {
        Seen seen = new Seen();
        try (SshServer server = seen.start(SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .passwordAuthenticator((context, user, password) -> CompletableFuture.completedFuture(
                        password.equals("secret") ? AuthDecision.accept(new Tenant("acme")) : AuthDecision.reject())))) {
            OpenSshClient client = new OpenSshClient(dir, server.bind(loopback()).getPort(), key);
            client.runWithPassword("secret", List.of("-o", "PreferredAuthentications=password"), "whoami");
            assertEquals(List.of(new Tenant("acme")), seen.sessions);
            assertEquals(List.of(Optional.of(new Tenant("acme"))),
                    seen.listed.get(30, TimeUnit.SECONDS).stream().map(info -> info.attachment(Tenant.class)).toList());
        }
    }
}
