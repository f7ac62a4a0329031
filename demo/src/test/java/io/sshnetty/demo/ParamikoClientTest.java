package io.sshnetty.demo;

import io.sshnetty.server.ClientProcess;
import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Python's paramiko against the demo server, through small scripts run by the system's {@code python3} (Debian's
 * python3-paramiko lives there, whatever {@code python3} comes first on the PATH). A case forces an algorithm by
 * narrowing paramiko's own lists ({@code Transport.get_security_options()}) to it.
 */
class ParamikoClientTest {
    private static final int MIB = 1024 * 1024;
    private static final String PYTHON = "/usr/bin/python3";

    /**
     * Runs one command: stdin → channel → stdout/stderr, the command's exit status as its own; first on stderr a line
     * with the agreed algorithms (the key exchange from paramiko's debug log, the rest from its transport).
     */
    private static final String EXEC_SCRIPT = """
            import logging, sys, threading, paramiko
            port, auth, kex, cipher, mac, hostkey, command = sys.argv[1:8]
            agreed_kex = []
            class KexSeen(logging.Handler):
                def emit(self, record):
                    if record.getMessage().startswith("Kex: "):
                        agreed_kex.append(record.getMessage()[5:])
            logging.getLogger("paramiko").setLevel(logging.DEBUG)
            logging.getLogger("paramiko").addHandler(KexSeen())
            t = paramiko.Transport(("127.0.0.1", int(port)))
            options = t.get_security_options()
            for name, value in (("kex", kex), ("ciphers", cipher), ("digests", mac), ("key_types", hostkey)):
                if value != "-":
                    setattr(options, name, [value])
            t.start_client(timeout=30)
            sys.stderr.write("agreed %s %s %s %s\\n" % (agreed_kex[0], t.local_cipher, t.local_mac, t.host_key_type))
            method, secret = auth.split(":", 1)
            if method == "key":
                t.auth_publickey("user", paramiko.Ed25519Key.from_private_key_file(secret))
            else:
                t.auth_password("user", secret)
            channel = t.open_session()
            channel.exec_command(command)
            def send():
                channel.sendall(sys.stdin.buffer.read())
                channel.shutdown_write()
            threading.Thread(target=send, daemon=True).start()
            sys.stdout.buffer.write(channel.makefile("rb").read())
            sys.stderr.write(channel.makefile_stderr("rb").read().decode())
            sys.stdout.flush()
            status = channel.recv_exit_status()
            t.close()
            sys.exit(status)
            """;

    /** Puts a file, gets it back under another name, both through paramiko.SFTPClient. */
    private static final String SFTP_SCRIPT = """
            import sys, paramiko
            port, key, local, remote, back = sys.argv[1:6]
            t = paramiko.Transport(("127.0.0.1", int(port)))
            t.connect(username="user", pkey=paramiko.Ed25519Key.from_private_key_file(key))
            sftp = paramiko.SFTPClient.from_transport(t)
            sftp.put(local, remote)
            sftp.get(remote, back)
            print(sftp.stat(remote).st_size)
            t.close()
            """;

    @TempDir
    static Path dir;

    private static DemoServer.Running server;

    @BeforeAll
    static void start() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        SshKeygen.newEd25519Key(dir, "id_stranger", "stranger");
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")));
        SshKeygen.newEd25519Key(dir, "host_ed25519", "host");
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "host_rsa");
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", "host_ecdsa");
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "user:correct horse\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        server = DemoServer.start(new DemoConfig("127.0.0.1", 0, List.of(dir.resolve("host_ed25519"), dir.resolve("host_rsa"),
                dir.resolve("host_ecdsa")), dir.resolve("authorized_keys"),
                // Every method the library has, finite-field DH too (not offered by default), as this test forces.
                io.sshnetty.transport.internal.kex.KexAlgorithms.allNames(), passwords, null, null, null, java.util.Set.of(),
                dir, java.util.Set.of("user")));
        Files.writeString(dir.resolve("exec.py"), EXEC_SCRIPT);
        Files.writeString(dir.resolve("sftp.py"), SFTP_SCRIPT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void execSendsStdoutStderrAndExitStatus() throws Exception {
        ClientProcess.Result result = exec("key:id_ed25519", "-", "-", "-", "-", "echo hi; echo err >&2; exit 3", null);
        assertEquals("hi\n", result.stdoutText(), result::toString);
        assertTrue(result.stderr().endsWith("\nerr\n"), result::toString);
        assertEquals(3, result.exitStatus());
    }

    @Test
    void fourMebibytesComeBackThroughCatIdentical() throws Exception {
        assertCatRoundTrip("-", "-", "-", "-", 4 * MIB);
    }

    @Test
    void unauthorizedKeyIsRefused() throws Exception {
        ClientProcess.Result result = exec("key:id_stranger", "-", "-", "-", "-", "echo should not run", null);
        assertNotEquals(0, result.exitStatus());
        assertTrue(result.stderr().contains("paramiko.ssh_exception.AuthenticationException"), result::toString);
        assertEquals("", result.stdoutText());
    }

    @Test
    void passwordFromThePasswordsFileLogsIn() throws Exception {
        ClientProcess.Result result = exec("password:correct horse", "-", "-", "-", "-", "echo in", null);
        assertEquals(0, result.exitStatus(), result::toString);
        assertEquals("in\n", result.stdoutText());
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        ClientProcess.Result result = exec("password:battery staple", "-", "-", "-", "-", "echo should not run", null);
        assertNotEquals(0, result.exitStatus());
        assertTrue(result.stderr().contains("paramiko.ssh_exception.AuthenticationException"), result::toString);
        assertEquals("", result.stdoutText());
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({
        "-, aes256-ctr, hmac-sha2-256, -, aes256-ctr hmac-sha2-256",
        "-, aes128-ctr, hmac-sha2-512-etm@openssh.com, -, aes128-ctr hmac-sha2-512-etm@openssh.com",
        "curve25519-sha256@libssh.org, -, -, -, agreed curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256, -, -, -, agreed ecdh-sha2-nistp256",
        "diffie-hellman-group14-sha256, -, -, -, agreed diffie-hellman-group14-sha256",
        "diffie-hellman-group16-sha512, -, -, -, agreed diffie-hellman-group16-sha512",
        "diffie-hellman-group-exchange-sha256, -, -, -, agreed diffie-hellman-group-exchange-sha256",
        "-, -, -, rsa-sha2-512, rsa-sha2-512",
        "-, -, -, rsa-sha2-256, rsa-sha2-256",
        "-, -, -, ecdsa-sha2-nistp256, ecdsa-sha2-nistp256",
    })
    void eachForcedAlgorithmCarriesAChecksummedRoundTrip(String kex, String cipher, String mac, String hostKey, String agreed)
            throws Exception {
        String log = assertCatRoundTrip(kex, cipher, mac, hostKey, 2 * MIB);
        assertTrue(log.startsWith("agreed ") && log.lines().findFirst().orElseThrow().contains(agreed), log);
    }

    @Test
    void sftpPutThenGetKeepsTheChecksum() throws Exception {
        Path local = dir.resolve("sftp-local");
        byte[] data = ClientProcess.randomFile(local, 3 * MIB + 5, 3);
        Path remote = dir.resolve("sftp-remote");
        Path back = dir.resolve("sftp-back");
        ClientProcess.Result result = ClientProcess.run(dir, List.of(PYTHON, "sftp.py", port(), "id_ed25519", local.toString(),
                "/" + remote.getFileName(), back.toString()), Map.of(), null);
        assertEquals(0, result.exitStatus(), result::toString);
        assertEquals(data.length + "\n", result.stdoutText());
        assertEquals(ClientProcess.sha256(data), ClientProcess.sha256(Files.readAllBytes(remote)));
        assertEquals(ClientProcess.sha256(data), ClientProcess.sha256(Files.readAllBytes(back)));
    }

    /** Sends {@code length} random bytes through {@code cat}, checks they come back, returns the script's stderr. */
    private static String assertCatRoundTrip(String kex, String cipher, String mac, String hostKey, int length) throws Exception {
        Path input = dir.resolve("cat-input");
        byte[] data = ClientProcess.randomFile(input, length, (kex + cipher + mac + hostKey).hashCode());
        ClientProcess.Result result = exec("key:id_ed25519", kex, cipher, mac, hostKey, "cat", input);
        assertEquals(0, result.exitStatus(), result::toString);
        assertEquals(ClientProcess.sha256(data), ClientProcess.sha256(result.stdout()), "cat's output differs from its input");
        return result.stderr();
    }

    private static ClientProcess.Result exec(String auth, String kex, String cipher, String mac, String hostKey, String command,
            Path stdin) throws Exception {
        return ClientProcess.run(dir, List.of(PYTHON, "exec.py", port(), auth, kex, cipher, mac, hostKey, command), Map.of(), stdin);
    }

    private static String port() {
        return Integer.toString(server.address().getPort());
    }
}
