package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Private key files as OpenSSH reads them: its own {@code openssh-key-v1} format (OpenSSH's PROTOCOL.key),
 * what {@code ssh-keygen} writes and {@code sshd} reads as {@code HostKey}, unencrypted or protected by a
 * passphrase (bcrypt KDF, AES-CTR); and the older PEM forms {@code ssh-keygen -m PEM} and
 * {@code -m PKCS8} write: {@code BEGIN RSA PRIVATE KEY} (PKCS #1, RFC 8017 Appendix A.1.2),
 * {@code BEGIN EC PRIVATE KEY} (SEC 1, RFC 5915) and {@code BEGIN PRIVATE KEY} (PKCS #8, RFC 5208) holding
 * an RSA, ECDSA or Ed25519 key. Writes unencrypted {@code openssh-key-v1} files.
 *
 * <pre>
 * -----BEGIN OPENSSH PRIVATE KEY-----
 * base64, 70 columns, of:
 *   byte[15] "openssh-key-v1\0"
 *   string   ciphername ("none", or e.g. "aes256-ctr")
 *   string   kdfname ("none", or "bcrypt")
 *   string   kdfoptions (empty, or string salt, uint32 rounds)
 *   uint32   number of keys (1)
 *   string   public key blob
 *   string   private section, encrypted with the cipher: uint32 checkint, uint32 checkint (equal),
 *            per-key fields, string comment, padding 1, 2, 3, … to the cipher's block size
 * -----END OPENSSH PRIVATE KEY-----
 * </pre>
 */
public final class OpenSshPrivateKeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(OpenSshPrivateKeyFile.class);

    private static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String END = "-----END OPENSSH PRIVATE KEY-----";
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final String NONE = "none";
    private static final String BCRYPT = "bcrypt";
    /** Block size of cipher "none", to which the private section is padded (PROTOCOL.key). */
    private static final int BLOCK_SIZE = 8;
    /** Block size and IV length of the AES ciphers of protected keys. */
    private static final int AES_BLOCK_SIZE = 16;
    /**
     * The most bcrypt_pbkdf rounds a protected key may ask for. ssh-keygen writes 16 by default and careful
     * users pick up to a few hundred with {@code -a}. A round costs about 17 ms here (measured on a loaded
     * 2-core test machine: BcryptPbkdf.derive, 48 bytes), so 1024 rounds bound one read to roughly 17 seconds,
     * while the field's 2^32 would let a crafted file keep the reader busy for years.
     */
    public static final int MAX_BCRYPT_ROUNDS = 1024;
    /** ssh-keygen wraps the base64 at 70 columns. */
    private static final int LINE_LENGTH = 70;
    /**
     * A file larger than this is refused before it is read. An ed25519 key file is about 400 bytes and
     * a 16384-bit RSA one about 13 KiB.
     */
    public static final int MAX_FILE_LENGTH = 64 * 1024;

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenSshPrivateKeyFile() {
    }

    /** A host key and the comment stored with it (empty for PEM files, which hold none). */
    public record LoadedKey(HostKey hostKey, String comment) {
        public LoadedKey {
            if (hostKey == null || comment == null) {
                throw new NullPointerException("hostKey and comment must not be null");
            }
        }
    }

    /**
     * Reads an unencrypted private key file in any of the supported formats.
     *
     * @throws KeyFormatException when the file is not such a key file, is damaged, holds an unsupported
     *                            key type or is protected by a passphrase; the message names the file
     */
    public static LoadedKey read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads a private key file in any of the supported formats, decrypting it with {@code passphrase} when
     * it is a protected {@code openssh-key-v1} file.
     *
     * @param passphrase the passphrase, or null when the file is expected to be unencrypted
     * @throws KeyFormatException as {@link #read(Path)}, and when the passphrase is wrong
     */
    public static LoadedKey read(Path file, String passphrase) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_LENGTH) {
            throw new KeyFormatException(file + ": " + size + " bytes, too large for a private key file (limit "
                    + MAX_FILE_LENGTH + ")");
        }
        return parse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), passphrase, file.toString());
    }

    /**
     * Parses the text of an unencrypted private key file.
     *
     * @throws KeyFormatException as {@link #read(Path)}
     */
    public static LoadedKey parse(String text) {
        return parse(text, null, "private key");
    }

    /**
     * Parses the text of a private key file, decrypting it with {@code passphrase} when it is protected.
     *
     * @throws KeyFormatException as {@link #read(Path, String)}
     */
    public static LoadedKey parse(String text, String passphrase) {
        return parse(text, passphrase, "private key");
    }

    private static LoadedKey parse(String text, String passphrase, String source) {
        return parse(text, passphrase, source, MAX_BCRYPT_ROUNDS);
    }

    /** As {@link #parse(String, String)}, refusing protected keys of more than {@code maxBcryptRounds} rounds. */
    static LoadedKey parse(String text, String passphrase, int maxBcryptRounds) {
        return parse(text, passphrase, "private key", maxBcryptRounds);
    }

    private static LoadedKey parse(String text, String passphrase, String source, int maxBcryptRounds) {
        if (!text.contains(BEGIN) && text.contains("-----BEGIN ")) {
            try {
                return new LoadedKey(PemPrivateKeys.parse(text), "");
            } catch (KeyFormatException bad) {
                throw new KeyFormatException(source + ": " + bad.getMessage(), bad);
            }
        }
        byte[] binary = dearmor(text, source);
        ByteBuf in = Unpooled.wrappedBuffer(binary);
        try {
            return decode(in, passphrase, maxBcryptRounds);
        } catch (KeyFormatException bad) {
            throw new KeyFormatException(source + ": " + bad.getMessage(), bad);
        } catch (SshProtocolException truncated) {
            throw new KeyFormatException(source + ": truncated or malformed key: " + truncated.getMessage(), truncated);
        } finally {
            in.release();
            Arrays.fill(binary, (byte) 0);
        }
    }

    private static byte[] dearmor(String text, String source) {
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw new KeyFormatException(source + ": not an OpenSSH private key (no " + BEGIN + " line)");
        }
        int bodyStart = begin + BEGIN.length();
        int end = text.indexOf(END, bodyStart);
        if (end < 0) {
            throw new KeyFormatException(source + ": truncated, no " + END + " line");
        }
        String body = text.substring(bodyStart, end).replaceAll("[ \t\r\n]+", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException badBase64) {
            throw new KeyFormatException(source + ": damaged, not valid base64: " + badBase64.getMessage(), badBase64);
        }
    }

    private static LoadedKey decode(ByteBuf in, String passphrase, int maxBcryptRounds) {
        if (in.readableBytes() < MAGIC.length || !Arrays.equals(readArray(in, MAGIC.length), MAGIC)) {
            throw new KeyFormatException("not an openssh-key-v1 key (bad magic)");
        }
        String cipher = Wire.readAscii(in);
        String kdf = Wire.readAscii(in);
        byte[] kdfOptions = Wire.readBytes(in);
        boolean encrypted = !NONE.equals(cipher);
        if (encrypted && passphrase == null) {
            throw new KeyFormatException("the key is protected by a passphrase (cipher " + cipher + ", kdf " + kdf
                    + "); host keys must be unencrypted, remove the passphrase with ssh-keygen -p");
        }
        if (!encrypted && (!NONE.equals(kdf) || kdfOptions.length != 0)) {
            throw new KeyFormatException("unencrypted key with kdf " + kdf + " and " + kdfOptions.length
                    + " bytes of kdf options, expected kdf none and none");
        }
        int count = Wire.readUint32(in);
        if (count != 1) {
            throw new KeyFormatException("file holds " + Integer.toUnsignedString(count)
                    + " keys; only files with exactly one key are supported");
        }
        SshPublicKey publicKey = PublicKeys.decode(Wire.readBytes(in));
        ByteBuf secret = Wire.readSlice(in);
        Wire.expectEnd(in, "private section");
        if (!encrypted) {
            return decodePrivateSection(secret, publicKey, BLOCK_SIZE, false);
        }
        byte[] plain = decrypt(cipher, kdf, kdfOptions, passphrase, secret, maxBcryptRounds);
        ByteBuf decrypted = Unpooled.wrappedBuffer(plain);
        try {
            return decodePrivateSection(decrypted, publicKey, AES_BLOCK_SIZE, true);
        } finally {
            decrypted.release();
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** PROTOCOL.key: key and IV from bcrypt_pbkdf(passphrase, salt, rounds), then AES in CTR mode. */
    private static byte[] decrypt(String cipher, String kdf, byte[] kdfOptions, String passphrase, ByteBuf secret,
            int maxBcryptRounds) {
        int keyLength;
        switch (cipher) {
            case "aes128-ctr":
                keyLength = 16;
                break;
            case "aes192-ctr":
                keyLength = 24;
                break;
            case "aes256-ctr":
                keyLength = 32;
                break;
            default:
                throw new KeyFormatException("key encrypted with unsupported cipher " + cipher);
        }
        if (!BCRYPT.equals(kdf)) {
            throw new KeyFormatException("key encrypted with unsupported kdf " + kdf);
        }
        ByteBuf options = Unpooled.wrappedBuffer(kdfOptions);
        byte[] salt;
        int rounds;
        try {
            salt = Wire.readBytes(options, 1024);
            rounds = Wire.readUint32(options);
            Wire.expectEnd(options, "bcrypt kdf options");
        } finally {
            options.release();
        }
        if (rounds < 1 || rounds > maxBcryptRounds || salt.length == 0) {
            throw new KeyFormatException("bcrypt kdf with " + Integer.toUnsignedString(rounds) + " rounds and a salt of "
                    + salt.length + " bytes");
        }
        if (secret.readableBytes() % AES_BLOCK_SIZE != 0) {
            throw new KeyFormatException("encrypted private section is not a multiple of the block size");
        }
        byte[] password = passphrase.getBytes(StandardCharsets.UTF_8);
        byte[] keyAndIv = BcryptPbkdf.derive(password, salt, rounds, keyLength + AES_BLOCK_SIZE);
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyAndIv, 0, keyLength, "AES"),
                    new IvParameterSpec(keyAndIv, keyLength, AES_BLOCK_SIZE));
            return aes.doFinal(ByteBufUtil.getBytes(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES-CTR", e);
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    private static LoadedKey decodePrivateSection(ByteBuf in, SshPublicKey publicKey, int blockSize, boolean encrypted) {
        int length = in.readableBytes();
        if (length == 0 || length % blockSize != 0) {
            throw new KeyFormatException("private section of " + length + " bytes is not a multiple of the block size "
                    + blockSize);
        }
        int check1 = Wire.readUint32(in);
        int check2 = Wire.readUint32(in);
        if (check1 != check2) {
            throw new KeyFormatException(encrypted ? "wrong passphrase (check integers differ)"
                    : "check integers differ: the key is damaged");
        }
        String keyType = Wire.readAscii(in);
        KeyType type = PublicKeys.type(keyType);
        if (type == null || type.privateDecoder() == null) {
            throw new KeyFormatException("unsupported key type " + KeyTypes.printable(keyType) + " in private section");
        }
        HostKey hostKey = type.privateDecoder().decode(in);
        if (!hostKey.publicKey().equals(publicKey)) {
            throw new KeyFormatException("private key does not match the file's public key");
        }
        String comment = Wire.readUtf8(in);
        // PROTOCOL.key: padding bytes 1, 2, 3, …
        for (int expected = 1; in.isReadable(); expected++) {
            if (in.readUnsignedByte() != (expected & 0xff)) {
                throw new KeyFormatException("bad padding after the private key: the key is damaged");
            }
        }
        return new LoadedKey(hostKey, comment);
    }

    private static byte[] readArray(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /**
     * The text of an unencrypted {@code openssh-key-v1} file holding {@code key} and {@code comment}, as
     * {@code ssh-keygen -N ''} writes it: base64 at 70 columns between the BEGIN and END lines, a line
     * feed after each line.
     */
    public static String format(Ed25519HostKey key, String comment) {
        ByteBuf secret = Unpooled.buffer(256);
        ByteBuf out = Unpooled.buffer(512);
        byte[] binary = null;
        try {
            int check = RANDOM.nextInt();
            secret.writeInt(check);
            secret.writeInt(check);
            key.encodeOpenSshPrivateFields(secret);
            Wire.writeUtf8(secret, comment);
            for (int pad = 1; secret.readableBytes() % BLOCK_SIZE != 0; pad++) {
                secret.writeByte(pad);
            }

            out.writeBytes(MAGIC);
            Wire.writeAscii(out, NONE);
            Wire.writeAscii(out, NONE);
            Wire.writeBytes(out, new byte[0]);
            out.writeInt(1);
            Wire.writeBytes(out, key.publicKey().encoded());
            Wire.writeBytes(out, secret);
            binary = readArray(out, out.readableBytes());

            String base64 = Base64.getEncoder().encodeToString(binary);
            StringBuilder text = new StringBuilder(BEGIN.length() + END.length() + base64.length() * 72 / 70 + 4);
            text.append(BEGIN).append('\n');
            for (int i = 0; i < base64.length(); i += LINE_LENGTH) {
                text.append(base64, i, Math.min(base64.length(), i + LINE_LENGTH)).append('\n');
            }
            return text.append(END).append('\n').toString();
        } finally {
            secret.setZero(0, secret.capacity());
            secret.release();
            out.setZero(0, out.capacity());
            out.release();
            if (binary != null) {
                Arrays.fill(binary, (byte) 0);
            }
        }
    }

    /**
     * Writes {@code key} to a new file in the unencrypted {@code openssh-key-v1} format. On file systems
     * with POSIX permissions the file is created readable and writable by its owner only (0600) from the
     * start, as sshd requires of host keys.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists; it is left alone
     */
    public static void write(Path file, Ed25519HostKey key, String comment) throws IOException {
        byte[] bytes = format(key, comment).getBytes(StandardCharsets.US_ASCII);
        try {
            writeNewFile(file, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void writeNewFile(Path file, byte[] bytes) throws IOException {
        FileAttribute<?>[] attributes = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
        SeekableByteChannel channel = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes);
        try (channel) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException failed) {
            // Do not leave a half-written key behind for the next start to trip over.
            Files.deleteIfExists(file);
            throw failed;
        }
    }

    /**
     * The host key in {@code file}; when there is no such file, a new ed25519 key generated, written to
     * {@code file} (0600, parent directories created) and, in one-line form, to {@code file.pub}, as
     * {@code ssh-keygen} does.
     *
     * @param comment the comment of a newly generated key; a key read from the file keeps its own
     * @throws KeyFormatException when an existing file cannot be read as a key
     */
    public static LoadedKey loadOrGenerate(Path file, String comment) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Ed25519HostKey key = Ed25519HostKey.generate(RANDOM);
        String publicLine = PublicKeys.format(key.publicKey(), comment) + "\n";
        write(file, key, comment);
        Path publicFile = file.resolveSibling(file.getFileName() + ".pub");
        Files.writeString(publicFile, publicLine, StandardCharsets.UTF_8);
        LOG.info("Generated host key {} in {}", Fingerprints.sha256(key.publicKey()), file);
        return new LoadedKey(key, comment);
    }
}
