package io.sshnetty.demo;

import io.sshnetty.auth.internal.AuthConfig;
import io.sshnetty.server.OpenSshClient;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User authentication with the real OpenSSH client (and sshpass to type passwords) against the demo
 * server: password, keyboard-interactive, a two-factor policy, certificates, from=, banner, attempt limit.
 */
class OpenSshAuthTest {
    private static final String PASSWORD = "correct horse";
    private static final List<String> PASSWORD_ONLY = List.of("-o", "PreferredAuthentications=password",
            "-o", "PubkeyAuthentication=no");
    private static final List<String> KEYBOARD_INTERACTIVE_ONLY = List.of("-o", "PreferredAuthentications=keyboard-interactive",
            "-o", "PubkeyAuthentication=no");

    @TempDir
    static Path dir;

    private static DemoServer.Running server;
    private static DemoServer.Running twoFactorServer;
    private static Path key;
    private static Path certKey;
    private static Path fromKey;
    private static Path loopbackKey;

    @BeforeAll
    static void start() throws Exception {
        key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        fromKey = SshKeygen.newEd25519Key(dir, "id_from", "from elsewhere");
        certKey = SshKeygen.newEd25519Key(dir, "id_cert", "certified");
        loopbackKey = SshKeygen.newEd25519Key(dir, "id_loopback", "from loopback");
        SshKeygen.newEd25519Key(dir, "ca", "user ca");
        SshKeygen.newEd25519Key(dir, "ops_ca", "ops ca");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub"))
                + "from=\"10.0.0.0/8\" " + Files.readString(Path.of(fromKey + ".pub"))
                + "from=\"10.0.0.0/8,127.0.0.0/8\",no-pty " + Files.readString(Path.of(loopbackKey + ".pub"))
                + "cert-authority,principals=\"ops\" " + Files.readString(dir.resolve("ops_ca.pub")));
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "# demo users\nuser:" + PASSWORD + "\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Path banner = dir.resolve("banner");
        Files.writeString(banner, "Authorized use only.\n");
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys, passwords,
                Path.of(dir + "/ca.pub"), banner, null).withUsers(java.util.Set.of("user")));
        twoFactorServer = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"), authorizedKeys, passwords,
                null, null, "publickey,password publickey,keyboard-interactive").withUsers(java.util.Set.of("user")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (twoFactorServer != null) {
            twoFactorServer.close();
        }
    }

    private static OpenSshClient client(DemoServer.Running running, Path identity) {
        return new OpenSshClient(dir, running.address().getPort(), identity);
    }

    @Test
    void rightPasswordRunsTheCommand() throws Exception {
        OpenSshClient.Result result = client(server, key).runWithPassword(PASSWORD, PASSWORD_ONLY, "echo in by password");
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("in by password\n", result.stdoutText());
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        OpenSshClient.Result result = client(server, key).runWithPassword("wrong", PASSWORD_ONLY, "echo should not run");
        assertNotEquals(0, result.exitStatus(), result.stderr());
        assertEquals("", result.stdoutText());
    }

    @Test
    void keyboardInteractivePasswordRunsTheCommand() throws Exception {
        OpenSshClient.Result result = client(server, key).runWithPassword(PASSWORD, KEYBOARD_INTERACTIVE_ONLY, "echo in by kbd");
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("in by kbd\n", result.stdoutText());
    }

    @Test
    void keyboardInteractiveWrongPasswordIsRefused() throws Exception {
        OpenSshClient.Result result = client(server, key).runWithPassword("wrong", KEYBOARD_INTERACTIVE_ONLY, "echo no");
        assertNotEquals(0, result.exitStatus(), result.stderr());
        assertEquals("", result.stdoutText());
    }

    @Test
    void bannerIsShownBeforeAuthentication() throws Exception {
        OpenSshClient.Result result = client(server, key).run(List.of("-o", "LogLevel=INFO"), "true", null);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertTrue(result.stderr().contains("Authorized use only."), result.stderr());
    }

    @Test
    void clientBindsItsKeySignatureToTheHostKey() throws Exception {
        OpenSshClient.Result result = client(server, key).run(List.of("-vvv"), "true", null);
        assertEquals(0, result.exitStatus(), result.stderr());
        assertTrue(result.stderr().contains("publickey-hostbound-v00@openssh.com"), result.stderr());
    }

    @Test
    void keyWhoseFromDoesNotMatchTheClientIsRefused() throws Exception {
        OpenSshClient.Result result = client(server, fromKey).run("echo should not run");
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Permission denied"), result.stderr());
    }

    @Test
    void twoFactorPolicyNeedsTheKeyAndThenThePassword() throws Exception {
        OpenSshClient.Result both = client(twoFactorServer, key).runWithPassword(PASSWORD,
                List.of("-o", "PreferredAuthentications=publickey,password", "-o", "LogLevel=VERBOSE"), "echo two factors");
        assertEquals(0, both.exitStatus(), both.stderr());
        assertEquals("two factors\n", both.stdoutText());
        assertTrue(both.stderr().contains("partial success"), both.stderr());

        OpenSshClient.Result keyOnly = client(twoFactorServer, key).run("echo should not run");
        assertEquals(255, keyOnly.exitStatus());
        assertTrue(keyOnly.stderr().contains("Permission denied (password,keyboard-interactive)"), keyOnly.stderr());

        OpenSshClient.Result passwordOnly = client(twoFactorServer, fromKey).runWithPassword(PASSWORD,
                List.of("-o", "PreferredAuthentications=publickey,password"), "echo should not run");
        assertNotEquals(0, passwordOnly.exitStatus(), passwordOnly.stderr());
        assertEquals("", passwordOnly.stdoutText());
    }

    @Test
    void certificateFromTheTrustedCaIsAcceptedForItsPrincipal() throws Exception {
        OpenSshClient.Result result = runWithCertificate("valid", "-n", "user", "-V", "-5m:+1h");
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("certified\n", result.stdoutText());
    }

    @Test
    void keyWhoseFromMatchesTheClientIsAccepted() throws Exception {
        OpenSshClient.Result result = client(server, loopbackKey).run("echo from loopback");
        assertEquals(0, result.exitStatus(), result.stderr());
        assertEquals("from loopback\n", result.stdoutText());
    }

    @Test
    void certificateFromACertAuthorityLineIsAcceptedForItsPrincipalsOnly() throws Exception {
        OpenSshClient.Result ops = runWithCertificateFrom("ops_ca", "ops", "-n", "ops", "-V", "-5m:+1h");
        assertEquals(0, ops.exitStatus(), ops.stderr());
        assertEquals("certified\n", ops.stdoutText());
        OpenSshClient.Result user = runWithCertificateFrom("ops_ca", "ops-user", "-n", "user", "-V", "-5m:+1h");
        assertEquals(255, user.exitStatus(), "principals=\"ops\" replaces the user name");
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        OpenSshClient.Result result = runWithCertificate("expired", "-n", "user", "-V", "20200101:20200102");
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Permission denied"), result.stderr());
    }

    @Test
    void certificateForAnotherPrincipalIsRefused() throws Exception {
        OpenSshClient.Result result = runWithCertificate("other", "-n", "someone-else", "-V", "-5m:+1h");
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Permission denied"), result.stderr());
    }

    @Test
    void clientIsDisconnectedAfterSixFailedAttempts() throws Exception {
        List<String> options = new ArrayList<>(List.of("-o", "LogLevel=INFO"));
        // The first six keys offered are free queries (OpenSSH 10.6's max-pk-ok); the next six are the failures.
        for (int i = 1; i <= AuthConfig.DEFAULT_MAX_PUBLIC_KEY_QUERIES + AuthConfig.DEFAULT_MAX_ATTEMPTS; i++) {
            options.add("-i");
            options.add(SshKeygen.newEd25519Key(dir, "stranger" + i, "stranger " + i).toString());
        }
        OpenSshClient.Result result = client(server, Path.of(dir + "/stranger1")).run(options, "echo should not run", null);
        assertEquals(255, result.exitStatus());
        assertTrue(result.stderr().contains("Too many authentication failures"), result.stderr());
    }

    @Test
    void passwordFileReadableByOthersIsRefused() throws Exception {
        Path open = dir.resolve("passwords_open");
        Files.writeString(open, "user:x\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> DemoServer.start(new DemoConfig("127.0.0.1", 0,
                dir.resolve("host_key"), dir.resolve("authorized_keys"), open, null, null, null).withUsers(java.util.Set.of("user"))));
        assertTrue(e.getMessage().contains("group or others"), e.getMessage());
    }

    /** Signs id_cert.pub with the trusted CA into {@code name}-cert.pub and logs in with it. */
    private static OpenSshClient.Result runWithCertificate(String name, String... validity) throws Exception {
        return runWithCertificateFrom("ca", name, validity);
    }

    /** Signs id_cert.pub with {@code ca} into {@code name}-cert.pub and logs in with it. */
    private static OpenSshClient.Result runWithCertificateFrom(String ca, String name, String... validity) throws Exception {
        List<String> argv = new ArrayList<>(List.of("-q", "-s", ca, "-I", name));
        argv.addAll(List.of(validity));
        argv.add("id_cert.pub");
        SshKeygen.run(dir, argv.toArray(String[]::new));
        Path certificate = dir.resolve(name + "-cert.pub");
        Files.move(dir.resolve("id_cert-cert.pub"), certificate);
        return client(server, certKey).run(List.of("-o", "CertificateFile=" + certificate), "echo certified", null);
    }
}
