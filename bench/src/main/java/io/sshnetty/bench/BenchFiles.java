package io.sshnetty.bench;

import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.OpenSshPrivateKeyFile;
import io.sshnetty.transport.keys.PublicKeys;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The files every server of a run shares: one ed25519 host key, one ed25519 user key and its
 * authorized_keys line, and the directory the SFTP servers serve.
 */
public record BenchFiles(Path dir, Path hostKey, Path userKey, Path authorizedKeys, Path sftpRoot) {
    public static BenchFiles create(Path dir, Path sftpRoot) throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(sftpRoot);
        SecureRandom random = new SecureRandom();
        Path hostKey = dir.resolve("ssh_host_ed25519_key");
        Path userKey = dir.resolve("id_ed25519");
        Path authorizedKeys = dir.resolve("authorized_keys");
        if (!Files.exists(hostKey)) {
            OpenSshPrivateKeyFile.write(hostKey, Ed25519HostKey.generate(random), "bench host key");
        }
        if (!Files.exists(userKey)) {
            Ed25519HostKey user = Ed25519HostKey.generate(random);
            OpenSshPrivateKeyFile.write(userKey, user, "bench user key");
            Files.writeString(authorizedKeys, PublicKeys.format(user.publicKey(), "bench user key") + "\n");
        }
        for (Path secret : new Path[] {hostKey, userKey}) {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        return new BenchFiles(dir, hostKey, userKey, authorizedKeys, sftpRoot);
    }

    /**
     * A file of {@code size} zero bytes that takes no space: a hole, which reads at memory speed, so that
     * transfers measure the servers and not the disk.
     */
    public static Path sparseFile(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }
}
