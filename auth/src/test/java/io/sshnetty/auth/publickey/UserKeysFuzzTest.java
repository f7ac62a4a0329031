package io.sshnetty.auth.publickey;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The user key decoders fed arbitrary bytes: a public key blob of any type a client may offer, a certificate blob,
 * an {@code authorized_keys} line and a public key line each either decode or fail with {@link KeyFormatException},
 * and what decodes survives encode then decode unchanged. {@code mvn verify} replays the corpus under
 * {@code src/test/resources/io/sshnetty/auth/publickey/UserKeysFuzzTestInputs/} (keys, security keys and
 * certificates written by ssh-keygen, puttygen and paramiko, and edge cases); docs/fuzzing.md says how to fuzz.
 */
class UserKeysFuzzTest {
    @FuzzTest
    void publicKeyBlob(byte[] input) {
        SshPublicKey key;
        try {
            key = UserKeys.decode(input);
        } catch (KeyFormatException expected) {
            return;
        }
        assertEquals(key, UserKeys.decode(key.encoded()));
        UserKeys.describe(key);
    }

    @FuzzTest
    void certificateBlob(byte[] input) {
        OpenSshCertificate certificate;
        try {
            certificate = OpenSshCertificate.decode(input);
        } catch (KeyFormatException expected) {
            return;
        }
        assertArrayEquals(input, certificate.encoded(), "a certificate keeps the bytes its CA signed");
        assertEquals(certificate, OpenSshCertificate.decode(certificate.encoded()));
        assertEquals(certificate.certifiedKey(), UserKeys.decode(certificate.certifiedKey().encoded()));
        certificate.signatureVerifies();
        UserKeys.describe(certificate);
    }

    @FuzzTest
    void authorizedKeysLine(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        AuthorizedKeys.parse(line, "fuzz"); // a file never fails as a whole: bad lines are skipped
        AuthorizedKey key;
        try {
            key = AuthorizedKeys.parseLine(line, 1);
        } catch (KeyFormatException expected) {
            return;
        }
        assertReparses(key.key(), key.comment());
    }

    @FuzzTest
    void publicKeyLine(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        PublicKeys.PublicKeyLine parsed;
        try {
            parsed = UserKeys.parseLine(line);
        } catch (KeyFormatException expected) {
            return;
        }
        assertReparses(parsed.key(), parsed.comment());
    }

    /** The one-line form of a parsed key parses to the same key and comment (a comment never holds a line break). */
    private static void assertReparses(SshPublicKey key, String comment) {
        if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
            return;
        }
        PublicKeys.PublicKeyLine again = UserKeys.parseLine(PublicKeys.format(key, comment));
        assertEquals(key, again.key());
        assertEquals(comment, again.comment());
        assertEquals(key, UserKeys.decode(Arrays.copyOf(key.encoded(), key.encoded().length)));
    }
}
