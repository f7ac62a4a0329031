package io.sshnetty.sftp.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScpCommandLineTest {
    private static List<String> texts(String command) {
        return ScpExec.words(command).stream().map(ScpExec.Word::text).toList();
    }

    @Test
    void splitsLikeAShell() {
        assertEquals(List.of("scp", "-r", "-p", "-t", "~/d"), texts("scp -r -p -t ~/d"));
        assertEquals(List.of("scp", "-t", "/x y/it's"), texts("scp -t '/x y/it'\\''s'"));
        assertEquals(List.of("scp", "-f", "a \"b\""), texts("scp -f \"a \\\"b\\\"\""));
    }

    @Test
    void unquotedGlobCharactersMakeAPatternAndQuotedOnesStandForThemselves() {
        ScpExec.Word pattern = ScpExec.words("scp -f /dir/*.txt").get(2);
        assertTrue(pattern.isPattern());
        assertTrue(pattern.lastComponentPattern().matches("notes.txt"));
        assertFalse(pattern.lastComponentPattern().matches("notes.txt.bak"));
        ScpExec.Word quoted = ScpExec.words("scp -f '/dir/*.txt'").get(2);
        assertFalse(quoted.isPattern());
        ScpExec.Word mixed = ScpExec.words("scp -f /d/'*'?\\[x{a,b}[!0-9]").get(2);
        assertTrue(mixed.isPattern());
        assertTrue(mixed.lastComponentPattern().matches("*a[x{a,b}z"));
        assertFalse(mixed.lastComponentPattern().matches("*a[x{a,b}5"));
        assertFalse(mixed.lastComponentPattern().matches("Xa[x{a,b}z"));
    }

    @Test
    void leavesOtherShellSyntaxToTheWrappedHandler() {
        assertNull(ScpExec.words("scp -t x; rm -rf y"));
        assertNull(ScpExec.words("scp -f $(id)"));
        assertNull(ScpExec.words("scp -t 'unterminated"));
    }
}
