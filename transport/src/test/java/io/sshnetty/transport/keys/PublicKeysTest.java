package io.sshnetty.transport.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

class PublicKeysTest {
    private final Ed25519PublicKey key = Ed25519HostKey.generate(new SecureRandom()).publicKey();
    private final String base64 = Base64.getEncoder().encodeToString(key.encoded());

    @Test
    void parseLineRoundTripsFormat() {
        String line = PublicKeys.format(key, "alice@example.org");

        assertEquals("ssh-ed25519 " + base64 + " alice@example.org", line);
        PublicKeys.PublicKeyLine parsed = PublicKeys.parseLine(line);
        assertEquals(key, parsed.key());
        assertEquals("alice@example.org", parsed.comment());
    }

    @Test
    void formatLeavesNoTrailingSpaceWithoutComment() {
        String line = PublicKeys.format(key, "");

        assertEquals("ssh-ed25519 " + base64, line);
        assertEquals("", PublicKeys.parseLine(line).comment());
    }

    @Test
    void parseLineKeepsSpacesInsideCommentAndToleratesTabsAndCrlf() {
        PublicKeys.PublicKeyLine parsed = PublicKeys.parseLine("  ssh-ed25519\t" + base64 + " \t my key  here\r\n");

        assertEquals(key, parsed.key());
        assertEquals("my key  here", parsed.comment());
        assertEquals("", PublicKeys.parseLine("ssh-ed25519 " + base64 + "   \r\n").comment());
    }

    @Test
    void formatRefusesCommentWithLineBreak() {
        assertThrows(IllegalArgumentException.class, () -> PublicKeys.format(key, "two\nlines"));
    }

    @Test
    void parseLineRejectsUnsupportedKeyType() {
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> PublicKeys.parseLine("ssh-dss " + base64));
        assertTrue(e.getMessage().contains("ssh-dss"), e.getMessage());
    }

    @Test
    void parseLineRejectsBlobOfAnotherTypeThanItsTypeWord() {
        byte[] blob = blob("ssh-rsa", new byte[32]);
        String rsaBlobLabelledEd25519 = "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob);
        assertThrows(KeyFormatException.class, () -> PublicKeys.parseLine(rsaBlobLabelledEd25519));
    }

    @Test
    void parseLineRejectsBadBase64AndMissingData() {
        assertThrows(KeyFormatException.class, () -> PublicKeys.parseLine("ssh-ed25519 AAAA*AAA comment"));
        assertThrows(KeyFormatException.class, () -> PublicKeys.parseLine("ssh-ed25519"));
        assertThrows(KeyFormatException.class, () -> PublicKeys.parseLine("ssh-ed25519   "));
        assertThrows(KeyFormatException.class, () -> PublicKeys.parseLine(""));
        assertThrows(KeyFormatException.class,
                () -> PublicKeys.parseLine("ssh-ed25519 " + base64.substring(0, base64.length() - 8)));
    }

    @Test
    void decodeRejectsWrongKeyLengthTrailingBytesAndUnknownType() {
        assertEquals(key, PublicKeys.decode(key.encoded()));
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(blob("ssh-ed25519", new byte[31])));
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(blob("ssh-ed25519", new byte[33])));
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(Arrays.copyOf(key.encoded(), key.encoded().length + 1)));
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(Arrays.copyOf(key.encoded(), key.encoded().length - 1)));
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(blob("ssh-foo", new byte[32])));
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(new byte[0]));
        assertThrows(KeyFormatException.class, () -> PublicKeys.decode(new byte[] {(byte) 0xff, 0, 0, 0}));
    }

    @Test
    void knowsOnlySupportedKeyTypes() {
        assertTrue(PublicKeys.isSupported("ssh-ed25519"));
        assertTrue(PublicKeys.isSupported("ssh-rsa"));
        assertFalse(PublicKeys.isSupported("ssh-dss"));
        assertFalse(PublicKeys.isSupported("SSH-ED25519"));
    }

    private static byte[] blob(String type, byte[] field) {
        ByteBuf out = Unpooled.buffer();
        try {
            Wire.writeAscii(out, type);
            Wire.writeBytes(out, field);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }
}
