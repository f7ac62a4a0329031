package io.sshnetty.transport.keys;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The private key file readers fed arbitrary bytes: each input either loads a key whose private half matches its
 * public half, or fails with {@link KeyFormatException}. The inputs are the binary inside the armor (the
 * {@code openssh-key-v1} structure, or a PEM label selector and DER), so mutations reach the parsers rather than
 * the base64. {@code mvn verify} replays the corpus under
 * {@code src/test/resources/io/sshnetty/transport/keys/PrivateKeyFilesFuzzTestInputs/}; docs/fuzzing.md says how
 * to fuzz.
 */
class PrivateKeyFilesFuzzTest {
    /** The passphrase of the encrypted seeds; the fuzzer keeps whatever rounds they ask for, up to this cap. */
    static final String PASSPHRASE = "fuzz";
    /** Keeps an input cheap: a protected key asking for more rounds is refused as one over the real cap is. */
    static final int FUZZ_MAX_BCRYPT_ROUNDS = 2;
    /** The PEM labels a first input byte selects. */
    static final String[] PEM_LABELS = {"RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"};

    @FuzzTest
    void openSshPrivateKey(byte[] input) {
        String text = armor("OPENSSH PRIVATE KEY", input);
        OpenSshPrivateKeyFile.LoadedKey loaded;
        try {
            loaded = OpenSshPrivateKeyFile.parse(text, PASSPHRASE, FUZZ_MAX_BCRYPT_ROUNDS);
        } catch (KeyFormatException expected) {
            return;
        }
        checkLoaded(loaded.hostKey());
        if (loaded.hostKey() instanceof Ed25519HostKey ed25519) {
            OpenSshPrivateKeyFile.LoadedKey again = OpenSshPrivateKeyFile.parse(
                    OpenSshPrivateKeyFile.format(ed25519, loaded.comment()));
            assertEquals(loaded.hostKey().publicKey(), again.hostKey().publicKey());
            assertEquals(loaded.comment(), again.comment());
        }
    }

    @FuzzTest
    void pemPrivateKey(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] der = java.util.Arrays.copyOfRange(input, 1, input.length);
        String text = armor(PEM_LABELS[(input[0] & 0xff) % PEM_LABELS.length], der);
        OpenSshPrivateKeyFile.LoadedKey loaded;
        try {
            loaded = OpenSshPrivateKeyFile.parse(text, null, FUZZ_MAX_BCRYPT_ROUNDS);
        } catch (KeyFormatException expected) {
            return;
        }
        checkLoaded(loaded.hostKey());
    }

    /** A loaded key's public half is a valid blob of its type. */
    private static void checkLoaded(HostKey key) {
        SshPublicKey publicKey = key.publicKey();
        assertEquals(publicKey, PublicKeys.decode(publicKey.encoded()));
    }

    /** {@code binary} between BEGIN and END lines of {@code label}, base64 at 70 columns as ssh-keygen writes. */
    static String armor(String label, byte[] binary) {
        String base64 = Base64.getEncoder().encodeToString(binary);
        StringBuilder text = new StringBuilder("-----BEGIN " + label + "-----\n");
        for (int i = 0; i < base64.length(); i += 70) {
            text.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
        }
        return text.append("-----END ").append(label).append("-----\n").toString();
    }

    /** The binary inside a file's armor: what {@link #armor} wraps. */
    static byte[] dearmor(String text) {
        int start = text.indexOf('\n', text.indexOf("-----BEGIN ")) + 1;
        int end = text.indexOf("-----END ");
        return Base64.getMimeDecoder().decode(text.substring(start, end).getBytes(StandardCharsets.US_ASCII));
    }
}
