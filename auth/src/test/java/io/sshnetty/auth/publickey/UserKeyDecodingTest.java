package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.KeyFormatException;
import io.sshnetty.transport.keys.KeyType;
import io.sshnetty.transport.keys.PublicKeys;
import io.sshnetty.transport.keys.SshPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user key decoders' contract over the fuzz seeds (keys and certificates written by ssh-keygen, puttygen and
 * paramiko, security keys built from PROTOCOL.u2f): every real blob decodes and re-encodes to its own bytes, every
 * truncation of one is a {@link KeyFormatException}; a cut key line either still holds a key or is refused with
 * {@link KeyFormatException}.
 */
class UserKeyDecodingTest {
    private static final Path SEEDS = seeds();
    private static final List<String> EDGE_CASES = List.of("empty", "huge_length", "trailing", "nonce_only");

    private static Path seeds() {
        try {
            return Path.of(UserKeyDecodingTest.class.getResource("UserKeysFuzzTestInputs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<Path> seeds(String target, boolean realOnly) {
        try (Stream<Path> files = Files.list(SEEDS.resolve(target))) {
            return files.filter(f -> !realOnly || !EDGE_CASES.contains(f.getFileName().toString())
                    && !f.getFileName().toString().startsWith("crash-"))
                    .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Path> blobs() {
        return seeds("publicKeyBlob", true);
    }

    static Stream<Path> lines() {
        return Stream.concat(seeds("publicKeyLine", false), seeds("authorizedKeysLine", false));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("blobs")
    void everyRealBlobRoundTripsAndEveryTruncationIsRefused(Path seed) {
        byte[] blob = read(seed);
        SshPublicKey key = UserKeys.decode(blob);
        assertArrayEquals(blob, key.encoded(), "encode(decode(x)) == x");
        assertEquals(key, UserKeys.decode(key.encoded()));
        for (int length = 0; length < blob.length; length++) {
            byte[] cut = Arrays.copyOf(blob, length);
            assertThrows(KeyFormatException.class, () -> UserKeys.decode(cut), seed + " cut to " + length);
        }
    }

    @Test
    void theSeedsCoverEveryKeyTypeOfTheTable() {
        Set<String> seen = blobs().map(seed -> UserKeys.decode(read(seed)).keyType()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> all = UserKeys.table().types().stream().map(KeyType::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, seen);
    }

    @ParameterizedTest
    @MethodSource("lines")
    void aCutLineHoldsAKeyOrIsRefused(Path seed) {
        String line = new String(read(seed), StandardCharsets.UTF_8);
        for (int length = 0; length <= line.length(); length++) {
            String cut = line.substring(0, length);
            try {
                UserKeys.parseLine(cut);
            } catch (KeyFormatException refused) {
                // fine: the contract is a key or this
            }
            try {
                AuthorizedKeys.parseLine(cut, 1);
            } catch (KeyFormatException refused) {
                // likewise
            }
            AuthorizedKeys.parse(cut, "test");
        }
    }

    @Test
    void everyKeyTypeKeepsItsCommentTheSameWay() {
        for (Path seed : blobs().toList()) {
            SshPublicKey key = UserKeys.decode(read(seed));
            if (!UserKeys.isSupported(key.keyType())) {
                continue; // certificates have no authorized_keys line of their own
            }
            String line = PublicKeys.format(key, "a  comment ") + "\t \r\n";
            assertEquals("a  comment \t ", UserKeys.parseLine(line).comment(), key.keyType());
            AuthorizedKey authorized = AuthorizedKeys.parseLine("restrict " + line, 1);
            assertEquals("a  comment \t ", authorized.comment(), key.keyType());
            assertEquals(key, authorized.key());
            assertTrue(authorized.hasOption("restrict"));
        }
    }
}
