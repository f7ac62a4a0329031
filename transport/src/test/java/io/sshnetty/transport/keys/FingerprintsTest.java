package io.sshnetty.transport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sshnetty.testing.SshKeygen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

class FingerprintsTest {
    @TempDir
    Path dir;

    @Test
    void fingerprintAndDescriptionMatchSshKeygen() throws Exception {
        SshKeygen.newEd25519Key(dir, "id", "alice@example.org");
        PublicKeys.PublicKeyLine line = PublicKeys.parseLine(Files.readString(dir.resolve("id.pub")));

        String printed = SshKeygen.run(dir, "-l", "-f", "id.pub").strip();

        assertEquals(printed.split(" ")[1], Fingerprints.sha256(line.key()));
        assertEquals(printed, Fingerprints.describe(line.key(), line.comment()));
        assertEquals(printed, Fingerprints.describe(line.key(), "alice@example.org"));
    }

    @Test
    void descriptionSaysNoCommentLikeSshKeygen() throws Exception {
        SshKeygen.newEd25519Key(dir, "id", "ignored");
        PublicKeys.PublicKeyLine line = PublicKeys.parseLine(Files.readString(dir.resolve("id.pub")));
        Files.writeString(dir.resolve("bare.pub"), PublicKeys.format(line.key(), "") + "\n");

        String printed = SshKeygen.run(dir, "-l", "-f", "bare.pub").strip();

        assertEquals(printed, Fingerprints.describe(line.key(), ""));
        assertEquals("256 " + Fingerprints.sha256(line.key()) + " no comment (ED25519)", printed);
    }
}
