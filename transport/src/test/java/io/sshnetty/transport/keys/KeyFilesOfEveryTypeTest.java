package io.sshnetty.transport.keys;

import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys of every supported type in every supported file format, made by OpenSSH's {@code ssh-keygen}: each
 * is read, matches the public key ssh-keygen wrote beside it, signs with each of its algorithms so that
 * its public key verifies, and is described exactly as {@code ssh-keygen -l} describes it.
 */
class KeyFilesOfEveryTypeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} bits, format {2}, passphrase ''{3}''")
    @CsvSource({
        "ed25519, 256, RFC4716, ''",
        "ed25519, 256, RFC4716, correct horse",
        "ecdsa, 256, RFC4716, ''",
        "ecdsa, 384, RFC4716, ''",
        "ecdsa, 521, RFC4716, ''",
        "ecdsa, 256, RFC4716, pass",
        "ecdsa, 521, RFC4716, pass",
        "rsa, 2048, RFC4716, ''",
        "rsa, 3072, RFC4716, pass",
        "ecdsa, 256, PEM, ''",
        "ecdsa, 384, PEM, ''",
        "ecdsa, 521, PEM, ''",
        "rsa, 2048, PEM, ''",
        "ecdsa, 256, PKCS8, ''",
        "ecdsa, 521, PKCS8, ''",
        "rsa, 2048, PKCS8, ''",
    })
    void readsSshKeygenKeyFileAndSignsWithIt(String type, int bits, String format, String passphrase) throws Exception {
        // ssh-keygen writes openssh-key-v1 unless -m PEM or -m PKCS8 is given; RFC4716 stands for that default.
        SshKeygen.run(dir, "-q", "-t", type, "-b", Integer.toString(bits), "-N", passphrase, "-C", "comment " + type,
                "-m", format, "-f", "key");
        PublicKeys.PublicKeyLine expected = PublicKeys.parseLine(Files.readString(dir.resolve("key.pub")));

        OpenSshPrivateKeyFile.LoadedKey loaded = passphrase.isEmpty()
                ? OpenSshPrivateKeyFile.read(dir.resolve("key"))
                : OpenSshPrivateKeyFile.read(dir.resolve("key"), passphrase);

        assertEquals(expected.key(), loaded.hostKey().publicKey());
        assertEquals(format.equals("RFC4716") ? "comment " + type : "", loaded.comment());
        byte[] data = "exchange hash".getBytes(StandardCharsets.US_ASCII);
        for (String algorithm : loaded.hostKey().publicKey().signatureAlgorithms()) {
            byte[] signature = loaded.hostKey().sign(algorithm, data);
            assertTrue(expected.key().verify(algorithm, data, signature), algorithm);
            assertFalse(expected.key().verify(algorithm, "other data".getBytes(StandardCharsets.US_ASCII), signature));
        }
        assertEquals(SshKeygen.run(dir, "-l", "-f", "key.pub").strip(), Fingerprints.describe(expected.key(), expected.comment()));
    }

    @Test
    void encryptedKeyWithoutPassphraseIsRefusedClearly() throws Exception {
        SshKeygen.run(dir, "-q", "-t", "ecdsa", "-N", "secret", "-f", "key");
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> OpenSshPrivateKeyFile.read(dir.resolve("key")));
        assertTrue(e.getMessage().contains("protected by a passphrase"), e.getMessage());
    }

    @Test
    void wrongPassphraseIsReportedAsSuch() throws Exception {
        SshKeygen.run(dir, "-q", "-t", "ed25519", "-N", "secret", "-f", "key");
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> OpenSshPrivateKeyFile.read(dir.resolve("key"), "not the secret"));
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
    }

    @Test
    void readsEd25519PrivateKeyInPkcs8() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        HostKey key = OpenSshPrivateKeyFile.parse(pem).hostKey();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] raw = java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        assertEquals(Ed25519PublicKey.of(raw), key.publicKey());
    }

    @Test
    void rsaKeyVerifiesBothSha2AlgorithmsButNotSha1() throws Exception {
        SshKeygen.run(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "key");
        HostKey key = OpenSshPrivateKeyFile.read(dir.resolve("key")).hostKey();
        byte[] data = {1, 2, 3};
        assertEquals(java.util.List.of("rsa-sha2-512", "rsa-sha2-256"), key.publicKey().signatureAlgorithms());
        byte[] sha256 = key.sign("rsa-sha2-256", data);
        assertTrue(key.publicKey().verify("rsa-sha2-256", data, sha256));
        assertFalse(key.publicKey().verify("rsa-sha2-512", data, sha256), "algorithm name inside the blob must match");
        assertFalse(key.publicKey().verify("ssh-rsa", data, key.sign("ssh-rsa", data)), "SHA-1 is not verified");
    }

    @Test
    void ecdsaPublicKeyOffTheCurveIsRefused() {
        byte[] q = NistCurve.P256.encodePoint(EcdsaHostKey.generate(NistCurve.P256, new java.security.SecureRandom())
                .publicKey().point());
        q[q.length - 1] ^= 1;
        assertThrows(KeyFormatException.class, () -> EcdsaPublicKey.of(NistCurve.P256, q));
    }

    @Test
    void serverSigAlgsListEveryType() {
        assertEquals(java.util.List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                "rsa-sha2-512", "rsa-sha2-256"), PublicKeys.signatureAlgorithms());
    }
}
