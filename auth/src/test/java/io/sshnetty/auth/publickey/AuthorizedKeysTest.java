package io.sshnetty.auth.publickey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sshnetty.testing.SshKeygen;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.keys.Fingerprints;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

class AuthorizedKeysTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SshPublicKey alice = Ed25519HostKey.generate(RANDOM).publicKey();
    private final SshPublicKey bob = Ed25519HostKey.generate(RANDOM).publicKey();
    private final String aliceLine = PublicKeys.format(alice, "");
    private final String bobLine = PublicKeys.format(bob, "");

    @Test
    void readsPlainKeysWithAndWithoutComments() {
        List<AuthorizedKey> keys = AuthorizedKeys.parse(aliceLine + " alice@laptop\n" + bobLine + "\n", "test");

        assertEquals(2, keys.size());
        assertEquals(alice, keys.get(0).key());
        assertEquals("alice@laptop", keys.get(0).comment());
        assertEquals(List.of(), keys.get(0).options());
        assertEquals(1, keys.get(0).lineNumber());
        assertEquals(bob, keys.get(1).key());
        assertEquals("", keys.get(1).comment());
        assertEquals(2, keys.get(1).lineNumber());
    }

    @Test
    void skipsBlankLinesAndCommentsButCountsThem() {
        String text = "# keys of the team\n\n   \n\t# indented comment\n" + aliceLine + " alice\n";

        List<AuthorizedKey> keys = AuthorizedKeys.parse(text, "test");

        assertEquals(1, keys.size());
        assertEquals(5, keys.get(0).lineNumber());
    }

    @Test
    void parsesQuotedValuesWithCommasSpacesAndEscapedQuotes() {
        String text = "command=\"echo \\\"a, b\\\"; exit 0\",from=\"10.0.0.0/8,!10.1.2.3\" " + aliceLine + " alice\n";

        AuthorizedKey key = AuthorizedKeys.parse(text, "test").get(0);

        assertEquals(Optional.of("echo \"a, b\"; exit 0"), key.option("command"));
        assertEquals(Optional.of("10.0.0.0/8,!10.1.2.3"), key.option("from"));
        assertEquals(alice, key.key());
        assertEquals("alice", key.comment());
    }

    @Test
    void keepsBackslashesThatDoNotEscapeAQuote() {
        AuthorizedKey key = AuthorizedKeys.parse("command=\"printf 'a\\nb' \\ end\" " + aliceLine, "test").get(0);

        assertEquals(Optional.of("printf 'a\\nb' \\ end"), key.option("command"));
    }

    @Test
    void parsesFlagsAndLowerCasesOptionNames() {
        AuthorizedKey key = AuthorizedKeys.parse("Restrict,NO-PTY,Command=\"true\" " + aliceLine, "test").get(0);

        assertEquals(List.of(new KeyOption("restrict", null), new KeyOption("no-pty", null),
                new KeyOption("command", "true")), key.options());
        assertTrue(key.hasOption("restrict"));
        assertTrue(key.hasOption("No-Pty"));
        assertTrue(key.options().get(0).isFlag());
        assertEquals(Optional.empty(), key.option("restrict"));
        assertEquals(Optional.of("true"), key.option("COMMAND"));
        assertFalse(key.hasOption("pty"));
    }

    @Test
    void keepsEveryValueOfRepeatedOptions() {
        String text = "permitopen=\"db:5432\",permitopen=\"cache:6379\",environment=\"A=1\",environment=\"B=2\" "
                + aliceLine;

        AuthorizedKey key = AuthorizedKeys.parse(text, "test").get(0);

        assertEquals(List.of("db:5432", "cache:6379"), key.options("permitopen"));
        assertEquals(List.of("A=1", "B=2"), key.options("environment"));
        assertEquals(Optional.of("db:5432"), key.option("permitopen"));
        assertEquals(List.of(), key.options("permitlisten"));
    }

    @Test
    void skipsLineWithBadBase64AndLoadsTheRest() {
        String text = aliceLine + " first\nssh-ed25519 AAAA!!!!notbase64 broken\nno-pty ssh-ed25519 AAAAC3Nz\n"
                + bobLine + " last\n";

        List<AuthorizedKey> keys = AuthorizedKeys.parse(text, "test");

        assertEquals(List.of(alice, bob), keys.stream().map(AuthorizedKey::key).toList());
        assertEquals(List.of(1, 4), keys.stream().map(AuthorizedKey::lineNumber).toList());
    }

    @Test
    void skipsUnsupportedAndUnknownKeyTypes() {
        String text = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7 rsa@host\n"
                + "no-pty ssh-dss AAAAB3NzaC1kc3MAAACBAP1 dsa@host\n"
                + "ssh-foo AAAAB3NzaC1mb28= foo\n"
                + aliceLine + " alice\n";

        List<AuthorizedKey> keys = AuthorizedKeys.parse(text, "test");

        assertEquals(1, keys.size());
        assertEquals(alice, keys.get(0).key());
        assertEquals(4, keys.get(0).lineNumber());
    }

    @Test
    void skipsLinesWithMalformedOptions() {
        String text = "command=\"unterminated " + aliceLine + "\n"
                + "command=unquoted " + aliceLine + "\n"
                + ",no-pty " + aliceLine + "\n"
                + "no-pty,,restrict " + aliceLine + "\n"
                + "command=\"x\"junk " + aliceLine + "\n"
                + "no-pty\n"
                + "no-pty,restrict " + bobLine + "\n";

        List<AuthorizedKey> keys = AuthorizedKeys.parse(text, "test");

        assertEquals(1, keys.size());
        assertEquals(bob, keys.get(0).key());
        assertEquals(7, keys.get(0).lineNumber());
    }

    @Test
    void toleratesCrlfLineEndingsAndTabs() {
        String text = "# windows\r\n\r\nno-agent-forwarding\t" + aliceLine.replace(' ', '\t') + "\talice\r\n"
                + bobLine + "\r\n";

        List<AuthorizedKey> keys = AuthorizedKeys.parse(text, "test");

        assertEquals(2, keys.size());
        assertEquals("alice", keys.get(0).comment());
        assertTrue(keys.get(0).hasOption("no-agent-forwarding"));
        assertEquals(3, keys.get(0).lineNumber());
        assertEquals("", keys.get(1).comment());
        assertEquals(bob, keys.get(1).key());
    }

    @Test
    void readsSameKeysAsSshKeygenFromFile(@TempDir Path dir) throws Exception {
        SshKeygen.newEd25519Key(dir, "alice", "alice@laptop");
        SshKeygen.newEd25519Key(dir, "bob", "bob@desktop");
        String text = "# team\n"
                + "restrict,command=\"echo \\\"hi, there\\\"\" " + Files.readString(dir.resolve("alice.pub"))
                + "ssh-ed25519 AAAA!!!! broken\n"
                + "permitopen=\"h:1\",permitopen=\"h:2\" " + Files.readString(dir.resolve("bob.pub"));
        Path file = dir.resolve("authorized_keys");
        Files.writeString(file, text);

        List<AuthorizedKey> keys = AuthorizedKeys.read(file);

        List<String> fingerprints = Arrays.stream(SshKeygen.run(dir, "-l", "-f", "authorized_keys").split("\n"))
                .map(line -> line.split(" ")[1]).toList();
        assertEquals(fingerprints, keys.stream().map(key -> Fingerprints.sha256(key.key())).toList());
        assertEquals(List.of("alice@laptop", "bob@desktop"), keys.stream().map(AuthorizedKey::comment).toList());
    }
}
