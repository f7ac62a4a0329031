package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.sftp.server.SftpSettings;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's library example, compiled and run against the real client, so it cannot drift from the API. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    // --- the README example, verbatim from here ----------------------------------------------------
    static SshServer exampleServer(Path hostKey, Path authorizedKeys, Path files) throws IOException {
        return SshServer.builder()
                .hostKey(OpenSshPrivateKeyFile.loadOrGenerate(hostKey, "my server").hostKey())
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "alice"))
                .exec(request -> Command.process(io -> {    // ssh host 'any command'
                    io.stdout().write(("you asked for: " + request.command() + "\n").getBytes(StandardCharsets.UTF_8));
                    return 0;                               // the exit status
                }))
                .shell(session -> Command.process(io -> {   // ssh host
                    new PrintStream(io.stdout(), true, StandardCharsets.UTF_8)
                            .println("Hello, " + session.user() + "! Bye.");
                    return 0;
                }))
                .sftp(SftpSettings.builder().root(files).build())   // sftp host, on the server's workers
                .build();
    }
    // --- to here ------------------------------------------------------------------------------------

    @Test
    void execShellAndSubsystemServeSideBySide() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Files.copy(Path.of(key + ".pub"), dir.resolve("authorized_keys"));
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("hello.txt"), "hello from the server\n");
        try (SshServer server = exampleServer(dir.resolve("host_key"), dir.resolve("authorized_keys"), files)) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            OpenSshClient client = new OpenSshClient(dir, address.getPort(), key).as("alice");
            assertEquals("you asked for: uptime\n", client.run("uptime").stdoutText());
            assertEquals("Hello, alice! Bye.\n", client.run(List.of("-T"), null, null).stdoutText());
            Path batch = Files.writeString(dir.resolve("batch"), "get hello.txt " + dir.resolve("fetched.txt") + "\n");
            Process sftp = new ProcessBuilder("sftp", "-b", batch.toString(), "-P", Integer.toString(address.getPort()),
                    "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "alice@127.0.0.1")
                    .redirectErrorStream(true).start();
            String output = new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, sftp.waitFor(), output);
            assertEquals("hello from the server\n", Files.readString(dir.resolve("fetched.txt")));
        }
    }
}
