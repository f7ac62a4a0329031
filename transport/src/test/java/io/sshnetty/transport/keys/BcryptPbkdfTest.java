package io.sshnetty.transport.keys;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bcrypt_pbkdf against vectors computed outside Java, with Debian's python3-bcrypt ({@code bcrypt.kdf}, which
 * wraps OpenBSD's C implementation); the ssh-keygen key file tests check it end to end.
 */
class BcryptPbkdfTest {
    @ParameterizedTest(name = "{0}, {2} rounds, {3} bytes")
    @CsvSource({
        "password, 73616c74, 4, 48, "
                + "5ba4bfc60c7ac272931458407f4c1c4936ea356c55125c5a279b791d65bf9842d49d7e1b572a9052715ebfa9421e7e94",
        "correct horse battery staple, 000102030405060708090a0b0c0d0e0f, 16, 40, "
                + "800e37c007983f658e60a0bb3d6d9da43b1adf37371d89ce9a5506d6ed3efcf91f79d8b9d7617ea8",
        "x, 00, 1, 1, cc",
    })
    void matchesOpenBsdsImplementation(String passphrase, String saltHex, int rounds, int length, String expectedHex) {
        HexFormat hex = HexFormat.of();
        byte[] key = BcryptPbkdf.derive(passphrase.getBytes(StandardCharsets.UTF_8), hex.parseHex(saltHex), rounds, length);
        assertEquals(expectedHex, hex.formatHex(key));
    }
}
