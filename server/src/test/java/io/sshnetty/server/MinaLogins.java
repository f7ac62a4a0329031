package io.sshnetty.server;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many password logins at once with Apache MINA SSHD's client, one JVM thread each (cheaper than hundreds of
 * ssh processes on two cores): each connects, authenticates, runs {@code ok} and checks the echo.
 */
final class MinaLogins implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SshClient client = SshClient.setUpDefaultClient();

    MinaLogins() {
        client.setServerKeyVerifier((session, address, key) -> true);
        client.start();
    }

    /** Runs {@code count} logins at once (released together); returns how many succeeded. */
    int run(InetSocketAddress server, String user, String password, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> logins = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                logins.add(threads.submit(() -> {
                    start.await();
                    return login(server, user, password);
                }));
            }
            start.countDown();
            int succeeded = 0;
            for (Future<Boolean> login : logins) {
                if (login.get(TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS)) {
                    succeeded++;
                }
            }
            return succeeded;
        } finally {
            threads.shutdownNow();
        }
    }

    /** One login and an exec of {@code ok}; false on any failure. */
    boolean login(InetSocketAddress server, String user, String password) {
        try (ClientSession session = client.connect(user, server.getHostString(), server.getPort()).verify(TIMEOUT).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            return "ok\n".equals(session.executeRemoteCommand("ok"));
        } catch (Exception | AssertionError failed) {
            org.slf4j.LoggerFactory.getLogger(MinaLogins.class).info("login failed: {}", failed.toString());
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        client.stop();
        client.close();
    }
}
