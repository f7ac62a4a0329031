package io.sshnetty.demo;

import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curl's SFTP and SCP, built on libssh2: another independent client implementation of SSH. */
class CurlLibssh2ClientTest {
    @TempDir
    Path dir;

    @Test
    void curlDownloadsAndUploadsOverSftpAndDownloadsOverScp() throws Exception {
        Path key = SshKeygen.newEd25519Key(dir, "id_ed25519", "client");
        Files.copy(Path.of(key + ".pub"), dir.resolve("authorized_keys"));
        Path root = Files.createDirectories(dir.resolve("root"));
        byte[] data = new byte[1024 * 1024];
        new SecureRandom().nextBytes(data);
        Files.write(root.resolve("served.bin"), data);
        try (DemoServer.Running demo = DemoServer.start(new DemoConfig("127.0.0.1", 0, dir.resolve("host_key"),
                dir.resolve("authorized_keys"), root).withUsers(java.util.Set.of("user")))) {
            String base = "127.0.0.1:" + demo.address().getPort() + "/";
            assertArrayEquals(data, curl(key, List.of("sftp://" + base + "served.bin")));
            Path upload = dir.resolve("upload.bin");
            Files.write(upload, data);
            curl(key, List.of("-T", upload.toString(), "sftp://" + base + "uploaded.bin"));
            assertArrayEquals(data, Files.readAllBytes(root.resolve("uploaded.bin")));
            assertArrayEquals(data, curl(key, List.of("scp://" + base + "served.bin")));
        }
    }

    private byte[] curl(Path key, List<String> arguments) throws Exception {
        List<String> argv = new ArrayList<>(List.of("curl", "-s", "-S", "--insecure", "-u", "user:",
                "--key", key.toString(), "--pubkey", key + ".pub"));
        argv.addAll(arguments);
        Path out = Files.createTempFile(dir, "curl", ".out");
        Path err = Files.createTempFile(dir, "curl", ".err");
        Process curl = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, curl.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        return Files.readAllBytes(out);
    }
}
