package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
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
    static SshServer exampleServer(Path hostKey, Path authorizedKeys, Command sftp) throws IOException {
        return SshServer.builder()
                .hostKey(OpenSshPrivateKeyFile.loadOrGenerate(hostKey, "my server").hostKey())
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys))
                .exec(request -> io -> {                    // ssh host 'any command'
                    io.stdout().write(("you asked for: " + request.command() + "\n").getBytes(StandardCharsets.UTF_8));
                    return 0;                               // the exit status
                })
                .shell(session -> io -> {                   // ssh host
                    new PrintStream(io.stdout(), true, StandardCharsets.UTF_8)
                            .println("Hello, " + session.user() + "! Bye.");
                    return 0;
                })
                .subsystem("sftp", session -> sftp)         // sftp host
                .build();
    }
    // --- to here ------------------------------------------------------------------------------------

    @Test
    void execShellAndSubsystemServeSideBySide() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Files.copy(Path.of(key + ".pub"), dir.resolve("authorized_keys"));
        Command stub = io -> {
            io.stderr().write("sftp is not here yet\n".getBytes(StandardCharsets.UTF_8));
            return 1;
        };
        try (SshServer server = exampleServer(dir.resolve("host_key"), dir.resolve("authorized_keys"), stub)) {
            InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
            OpenSshClient client = new OpenSshClient(dir, address.getPort(), key);
            assertEquals("you asked for: uptime\n", client.run("uptime").stdoutText());
            assertEquals("Hello, alice! Bye.\n", client.as("alice").run(List.of("-T"), null, null).stdoutText());
            OpenSshClient.Result subsystem = client.run(List.of("-s"), "sftp", null);
            assertEquals(1, subsystem.exitStatus());
            assertEquals("sftp is not here yet\n", subsystem.stderr());
        }
    }
}
