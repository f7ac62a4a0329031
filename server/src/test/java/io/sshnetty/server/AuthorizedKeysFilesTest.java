package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * authorized_keys files that are not what they should be, with the real client: a FIFO, a link to
 * {@code /dev/zero}, a huge file, one writable by others. Each login fails at once with the key refused, and
 * the server's only event loop keeps serving another user meanwhile.
 */
class AuthorizedKeysFilesTest {
    /** Far beyond a failed login (well under a second); a hang shows as this timeout. */
    private static final long PATIENCE_SECONDS = 20;

    @TempDir
    Path dir;

    @Test
    void fifoZeroHugeAndWorldWritableKeyFilesRefuseLoginWithoutStallingOtherUsers() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        String keyLine = Files.readString(Path.of(key + ".pub"));
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(keys.resolve("alice"), keyLine);
        run(List.of("mkfifo", keys.resolve("fifo").toString()));
        Files.createSymbolicLink(keys.resolve("zero"), Path.of("/dev/zero"));
        Files.writeString(keys.resolve("huge"), keyLine + "#".repeat(2 * 1024 * 1024) + "\n");
        Files.writeString(keys.resolve("open"), keyLine);
        Files.setPosixFilePermissions(keys.resolve("open"), PosixFilePermissions.fromString("rw-rw-rw-"));
        try (SshServer server = SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.perUser(keys::resolve))
                .exec(request -> Command.process(io -> {
                    io.stdout().write("in\n".getBytes(StandardCharsets.UTF_8));
                    return 0;
                }))
                .eventLoopThreads(1)
                .build()) {
            int port = server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort();
            OpenSshClient client = new OpenSshClient(dir, port, key);
            for (String user : List.of("fifo", "zero", "huge", "open")) {
                Process refused = start(client.as(user));
                Process alice = start(client.as("alice"));
                assertEquals(0, finish(alice), user + ": alice logs in meanwhile");
                assertEquals(255, finish(refused), user + ": the login fails");
            }
        }
    }

    private Process start(OpenSshClient client) throws IOException {
        List<String> argv = new java.util.ArrayList<>(client.argv(List.of("-o", "ConnectTimeout=" + PATIENCE_SECONDS)));
        argv.add("true");
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int finish(Process process) throws InterruptedException {
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ssh did not finish within " + PATIENCE_SECONDS + " s: the server hangs");
        }
        return process.exitValue();
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", argv));
    }
}
