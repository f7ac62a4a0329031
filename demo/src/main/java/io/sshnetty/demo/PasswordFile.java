package io.sshnetty.demo;

import io.sshnetty.auth.AuthDecision;
import io.sshnetty.auth.AuthenticationContext;
import io.sshnetty.auth.password.PasswordAuthenticator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The demo's passwords: a file of {@code user:password} lines (blank lines and {@code #} comments
 * ignored), read once. Like sshd with its key files, it refuses a file that group or others can read.
 */
final class PasswordFile implements PasswordAuthenticator {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Map<String, byte[]> passwords;

    private PasswordFile(Map<String, byte[]> passwords) {
        this.passwords = Collections.unmodifiableMap(passwords);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException when it cannot be read, is open to group or others, or has a line without a colon
     */
    static PasswordFile read(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(posix.readAttributes().permissions());
            permissions.retainAll(GROUP_OR_OTHERS);
            if (!permissions.isEmpty()) {
                throw new IOException("password file " + file + " is accessible by group or others ("
                        + permissions + "); chmod 600 it");
            }
        }
        Map<String, byte[]> passwords = new HashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException(file + " line " + number + ": expected user:password");
            }
            passwords.put(line.substring(0, colon), line.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
        return new PasswordFile(passwords);
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthenticationContext context, String user, String password) {
        byte[] expected = passwords.get(user);
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        if (expected == null) {
            MessageDigest.isEqual(given, given); // about the same work as for a known user
            return CompletableFuture.completedFuture(AuthDecision.invalidUser());
        }
        return CompletableFuture.completedFuture(MessageDigest.isEqual(expected, given)
                ? AuthDecision.accept() : AuthDecision.reject());
    }
}
