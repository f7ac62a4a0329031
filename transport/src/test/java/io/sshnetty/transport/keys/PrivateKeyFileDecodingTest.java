package io.sshnetty.transport.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The private key readers' decode contract over the fuzz seeds (keys written by ssh-keygen, puttygen, paramiko and
 * openssl): every real key loads and matches its public half, and every truncation of one is a
 * {@link KeyFormatException}, never a stray exception.
 */
class PrivateKeyFileDecodingTest {
    private static final Path SEEDS = seeds();

    private static Path seeds() {
        try {
            return Path.of(PrivateKeyFileDecodingTest.class.getResource("PrivateKeyFilesFuzzTestInputs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seeds that are real keys rather than edge cases or inputs a campaign found. */
    static Stream<Path> realKeys(String target) throws IOException {
        List<String> edgeCases = List.of("empty", "magic_only", "empty_der", "huge_length_der");
        try (Stream<Path> files = Files.list(SEEDS.resolve(target))) {
            return files.filter(f -> !edgeCases.contains(f.getFileName().toString())
                    && !f.getFileName().toString().startsWith("crash-")).sorted().toList().stream();
        }
    }

    static Stream<Path> openSshKeys() throws IOException {
        return realKeys("openSshPrivateKey");
    }

    static Stream<Path> pemKeys() throws IOException {
        return realKeys("pemPrivateKey");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OpenSshPrivateKeyFile.LoadedKey loadOpenSsh(byte[] binary) {
        return OpenSshPrivateKeyFile.parse(PrivateKeyFilesFuzzTest.armor("OPENSSH PRIVATE KEY", binary),
                PrivateKeyFilesFuzzTest.PASSPHRASE, PrivateKeyFilesFuzzTest.FUZZ_MAX_BCRYPT_ROUNDS);
    }

    private static OpenSshPrivateKeyFile.LoadedKey loadPem(byte[] input) {
        return OpenSshPrivateKeyFile.parse(PrivateKeyFilesFuzzTest.armor(
                PrivateKeyFilesFuzzTest.PEM_LABELS[input[0] % PrivateKeyFilesFuzzTest.PEM_LABELS.length], Arrays.copyOfRange(input, 1, input.length)));
    }

    @ParameterizedTest
    @MethodSource("openSshKeys")
    void loadsEveryRealOpenSshKeyAndRefusesEveryTruncation(Path seed) {
        byte[] binary = read(seed);
        HostKey key = loadOpenSsh(binary).hostKey();
        assertEquals(key.publicKey(), PublicKeys.decode(key.publicKey().encoded()));
        for (int length = 0; length < binary.length; length++) {
            byte[] cut = Arrays.copyOf(binary, length);
            assertThrows(KeyFormatException.class, () -> loadOpenSsh(cut), seed + " cut to " + length);
        }
    }

    @ParameterizedTest
    @MethodSource("pemKeys")
    void loadsEveryRealPemKeyAndRefusesEveryTruncation(Path seed) {
        byte[] input = read(seed);
        HostKey key = loadPem(input).hostKey();
        assertEquals(key.publicKey(), PublicKeys.decode(key.publicKey().encoded()));
        for (int length = 1; length < input.length; length++) {
            byte[] cut = Arrays.copyOf(input, length);
            assertThrows(KeyFormatException.class, () -> loadPem(cut), seed + " cut to " + length);
        }
    }

    @Test
    void refusesMoreBcryptRoundsThanTheCap() throws IOException {
        byte[] binary = read(SEEDS.resolve("openSshPrivateKey/ed25519_enc"));
        // The kdf options of ed25519_enc: string salt (16 bytes), uint32 rounds (1), right after the names.
        int rounds = indexOfRounds(binary);
        binary[rounds + 3] = (byte) (PrivateKeyFilesFuzzTest.FUZZ_MAX_BCRYPT_ROUNDS + 1);
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> loadOpenSsh(binary));
        assertTrue(e.getMessage().contains("rounds"), e.getMessage());
        byte[] huge = binary.clone();
        huge[rounds] = (byte) 0xff;
        assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.parse(
                PrivateKeyFilesFuzzTest.armor("OPENSSH PRIVATE KEY", huge), "fuzz"));
    }

    @Test
    void refusesRsaPrivateKeyWithAPrimeOfOne() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        java.security.interfaces.RSAPrivateCrtKey key =
                (java.security.interfaces.RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        java.math.BigInteger one = java.math.BigInteger.ONE;
        // p = 1, q = n fits p·q = n; it used to escape as an ArithmeticException (d mod 0).
        assertThrows(KeyFormatException.class, () -> RsaHostKey.of(key.getModulus(), key.getPublicExponent(),
                key.getPrivateExponent(), one, key.getModulus(), one));
    }

    /** Where the rounds field of a bcrypt key's kdf options starts. */
    private static int indexOfRounds(byte[] binary) {
        int at = "openssh-key-v1\0".length();
        at += 4 + readInt(binary, at); // ciphername
        at += 4 + readInt(binary, at); // kdfname
        at += 4; // kdfoptions length
        at += 4 + readInt(binary, at); // salt
        return at;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
