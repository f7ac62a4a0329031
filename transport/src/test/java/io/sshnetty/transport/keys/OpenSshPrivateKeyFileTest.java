package io.sshnetty.transport.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

class OpenSshPrivateKeyFileTest {
    private static final byte[] DATA = "session identifier".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void readsKeyWrittenBySshKeygen() throws Exception {
        Path file = SshKeygen.newEd25519Key(dir, "host_key", "host key comment");

        OpenSshPrivateKeyFile.LoadedKey loaded = OpenSshPrivateKeyFile.read(file);

        PublicKeys.PublicKeyLine pub = PublicKeys.parseLine(Files.readString(dir.resolve("host_key.pub")));
        assertEquals(pub.key(), loaded.hostKey().publicKey());
        assertEquals("host key comment", loaded.comment());
        byte[] signature = loaded.hostKey().sign("ssh-ed25519", DATA);
        assertTrue(pub.key().verify("ssh-ed25519", DATA, signature));
    }

    @Test
    void readsKeyWithEmptyCommentWrittenBySshKeygen() throws Exception {
        Path file = SshKeygen.newEd25519Key(dir, "host_key", "");

        OpenSshPrivateKeyFile.LoadedKey loaded = OpenSshPrivateKeyFile.read(file);

        assertEquals("", loaded.comment());
        assertEquals(PublicKeys.parseLine(Files.readString(dir.resolve("host_key.pub"))).key(),
                loaded.hostKey().publicKey());
    }

    @Test
    void sshKeygenAcceptsWrittenKey() throws Exception {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        Path file = dir.resolve("written");

        OpenSshPrivateKeyFile.write(file, key, "written by sshnetty");

        assertEquals(PublicKeys.format(key.publicKey(), "written by sshnetty") + "\n",
                SshKeygen.run(dir, "-y", "-f", "written"));
        assertEquals(Fingerprints.describe(key.publicKey(), "written by sshnetty") + "\n",
                SshKeygen.run(dir, "-l", "-f", "written"));
    }

    @Test
    void writtenFileIsReadableAndWritableByOwnerOnly() throws Exception {
        Path file = dir.resolve("key");

        OpenSshPrivateKeyFile.write(file, Ed25519HostKey.generate(new SecureRandom()), "");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void writeRefusesToReplaceExistingFile() throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "precious");

        assertThrows(FileAlreadyExistsException.class,
                () -> OpenSshPrivateKeyFile.write(file, Ed25519HostKey.generate(new SecureRandom()), ""));
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void formatWrapsBase64At70ColumnsAndParsesBack() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());

        String text = OpenSshPrivateKeyFile.format(key, "ünïcode comment");

        String[] lines = text.split("\n");
        assertEquals("-----BEGIN OPENSSH PRIVATE KEY-----", lines[0]);
        assertEquals("-----END OPENSSH PRIVATE KEY-----", lines[lines.length - 1]);
        for (int i = 1; i < lines.length - 2; i++) {
            assertEquals(70, lines[i].length(), lines[i]);
        }
        OpenSshPrivateKeyFile.LoadedKey loaded = OpenSshPrivateKeyFile.parse(text);
        assertEquals(key.publicKey(), loaded.hostKey().publicKey());
        assertArrayEquals(key.seed(), ((Ed25519HostKey) loaded.hostKey()).seed());
        assertEquals("ünïcode comment", loaded.comment());
        assertNotEquals(text, OpenSshPrivateKeyFile.format(key, "ünïcode comment"), "check integers are random");
    }

    @Test
    void parseToleratesCrlfLineEndings() {
        Ed25519HostKey key = Ed25519HostKey.generate(new SecureRandom());
        String text = OpenSshPrivateKeyFile.format(key, "c").replace("\n", "\r\n");

        assertEquals(key.publicKey(), OpenSshPrivateKeyFile.parse(text).hostKey().publicKey());
    }

    @Test
    void refusesPassphraseProtectedKeyClearly() throws Exception {
        SshKeygen.run(dir, "-q", "-t", "ed25519", "-N", "secret", "-C", "", "-f", "protected");
        Path file = dir.resolve("protected");

        KeyFormatException e = assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.read(file));

        assertTrue(e.getMessage().contains("protected by a passphrase"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void rejectsMismatchedCheckIntegers() {
        byte[] binary = binary(OpenSshPrivateKeyFile.format(Ed25519HostKey.generate(new SecureRandom()), "c"));
        // magic, "none", "none", empty kdf options, key count, public blob, private section length
        int firstCheck = 15 + 8 + 8 + 4 + 4 + (4 + 51) + 4;
        binary[firstCheck + 4] ^= 1;

        KeyFormatException e = assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.parse(armor(binary)));
        assertTrue(e.getMessage().contains("check integers differ"), e.getMessage());
    }

    @Test
    void rejectsBadPadding() {
        byte[] binary = binary(OpenSshPrivateKeyFile.format(Ed25519HostKey.generate(new SecureRandom()), "comment"));
        int last = binary[binary.length - 1];
        assertTrue(last > 1 && last < 8, "the key ends with padding");
        binary[binary.length - 1] = (byte) (last + 1);

        KeyFormatException e = assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.parse(armor(binary)));
        assertTrue(e.getMessage().contains("padding"), e.getMessage());
    }

    @Test
    void rejectsPrivateKeyThatDoesNotMatchPublicKey() {
        byte[] binary = binary(OpenSshPrivateKeyFile.format(Ed25519HostKey.generate(new SecureRandom()), "c"));
        int firstPublicKeyByte = 15 + 8 + 8 + 4 + 4 + 4 + 4 + 11 + 4;
        binary[firstPublicKeyByte] ^= 1;

        assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.parse(armor(binary)));
    }

    @Test
    void rejectsTruncatedKey() {
        byte[] binary = binary(OpenSshPrivateKeyFile.format(Ed25519HostKey.generate(new SecureRandom()), "c"));
        for (int length : new int[] {0, 10, 15, 40, 100, binary.length - 8, binary.length - 1}) {
            byte[] truncated = Arrays.copyOf(binary, length);
            KeyFormatException e = assertThrows(KeyFormatException.class,
                    () -> OpenSshPrivateKeyFile.parse(armor(truncated)), "length " + length);
            assertTrue(e.getMessage().startsWith("private key: "), e.getMessage());
        }
    }

    @Test
    void rejectsTextWithoutArmorOrEndLine() {
        String text = OpenSshPrivateKeyFile.format(Ed25519HostKey.generate(new SecureRandom()), "c");

        assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.parse("not a key"));
        assertThrows(KeyFormatException.class,
                () -> OpenSshPrivateKeyFile.parse(text.substring(0, text.indexOf("-----END"))));
        assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.parse(text.replace('A', '*')));
    }

    @Test
    void loadOrGenerateWritesKeyAndPublicKeyFileThenReadsThemBack() throws Exception {
        Path file = dir.resolve("etc/ssh/ssh_host_ed25519_key");

        OpenSshPrivateKeyFile.LoadedKey generated = OpenSshPrivateKeyFile.loadOrGenerate(file, "root@test");
        OpenSshPrivateKeyFile.LoadedKey loaded = OpenSshPrivateKeyFile.loadOrGenerate(file, "other comment");

        assertInstanceOf(Ed25519HostKey.class, generated.hostKey());
        assertEquals(generated.hostKey().publicKey(), loaded.hostKey().publicKey());
        assertEquals("root@test", loaded.comment());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String publicLine = Files.readString(dir.resolve("etc/ssh/ssh_host_ed25519_key.pub"));
        assertEquals(PublicKeys.format(generated.hostKey().publicKey(), "root@test") + "\n", publicLine);
        assertEquals(publicLine, SshKeygen.run(dir, "-y", "-f", "etc/ssh/ssh_host_ed25519_key"));
    }

    private static byte[] binary(String text) {
        String body = text.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "")
                .replace("-----END OPENSSH PRIVATE KEY-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static String armor(byte[] binary) {
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(binary)
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }
}
