package io.sshnetty.server;

import io.sshnetty.auth.publickey.AuthorizedKeysAuthenticator;
import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.EnvironmentOptions;
import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The environment a command gets: authorized_keys {@code environment=} only with PermitUserEnvironment,
 * and then above the client's "env"; the client's "env" capped per channel.
 */
class OpenSshEnvironmentTest {
    @TempDir
    static Path dir;

    private static SshServer byDefault;
    private static SshServer permitting;
    private static OpenSshClient toDefault;
    private static OpenSshClient toPermitting;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, "environment=\"LC_SOURCE=key\",environment=\"LD_PRELOAD=/tmp/evil.so\" "
                + Files.readString(Path.of(key + ".pub")));
        byDefault = server(authorizedKeys, false);
        permitting = server(authorizedKeys, true);
        toDefault = new OpenSshClient(dir, byDefault.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
        toPermitting = new OpenSshClient(dir, permitting.bind(new InetSocketAddress("127.0.0.1", 0)).getPort(), key);
    }

    /** exec "NAME" prints the variable's value (or "unset"); exec "count PREFIX" how many names start so. */
    private static SshServer server(Path authorizedKeys, boolean permitUserEnvironment) {
        return SshServer.builder()
                .hostKey(Ed25519HostKey.generate(new SecureRandom()))
                .publicKeyAuthenticator(AuthorizedKeysAuthenticator.forFile(authorizedKeys, "user"))
                .acceptEnvironment(name -> name.startsWith("LC_"))
                .permitUserEnvironment(permitUserEnvironment)
                .exec(request -> Command.process(io -> {
                    String command = request.command();
                    String answer = command.startsWith("count ")
                            ? Long.toString(io.session().environment().keySet().stream()
                                    .filter(name -> name.startsWith(command.substring(6))).count())
                            : io.session().environment().getOrDefault(command, "unset");
                    io.stdout().write(answer.getBytes(StandardCharsets.UTF_8));
                    return 0;
                }))
                .build();
    }

    @AfterAll
    static void stop() {
        if (byDefault != null) {
            byDefault.close();
        }
        if (permitting != null) {
            permitting.close();
        }
    }

    @Test
    void keyEnvironmentIsIgnoredUnlessPermitted() throws Exception {
        assertEquals("unset", toDefault.run("LD_PRELOAD").stdoutText());
        assertEquals("unset", toDefault.run("LC_SOURCE").stdoutText());
        assertEquals("client", toDefault.run(List.of("-o", "SetEnv=LC_SOURCE=client"), "LC_SOURCE", null).stdoutText());
    }

    @Test
    void keyEnvironmentWinsOverTheClientsWhenPermitted() throws Exception {
        assertEquals("/tmp/evil.so", toPermitting.run("LD_PRELOAD").stdoutText());
        assertEquals("key", toPermitting.run(List.of("-o", "SetEnv=LC_SOURCE=client"), "LC_SOURCE", null).stdoutText());
    }

    @Test
    void clientEnvironmentIsCappedInBytesPerChannel() throws Exception {
        String big = "x".repeat(EnvironmentOptions.DEFAULT_MAX_BYTES / 3);
        String setEnv = "SetEnv=LC_BIG1=" + big + " LC_BIG2=" + big + " LC_BIG3=" + big + " LC_BIG4=" + big;
        OpenSshClient.Result result = toDefault.run(List.of("-o", setEnv), "count LC_BIG", null);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("2", result.stdoutText(), "two thirds of the cap fit, the third variable would pass it");
    }

    @Test
    void clientEnvironmentIsCappedInCountPerChannel() throws Exception {
        StringBuilder setEnv = new StringBuilder("SetEnv=");
        for (int i = 0; i < EnvironmentOptions.DEFAULT_MAX_VARIABLES + 10; i++) {
            setEnv.append("LC_N").append(i).append("=v ");
        }
        OpenSshClient.Result result = toDefault.run(List.of("-o", setEnv.toString().trim()), "count LC_N", null);
        assertEquals(Integer.toString(EnvironmentOptions.DEFAULT_MAX_VARIABLES), result.stdoutText(), result.stderr());
    }
}
