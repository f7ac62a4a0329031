package io.sshnetty.sftp.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ScpCommandLineTest {
    @Test
    void splitsLikeAShell() {
        assertEquals(List.of("scp", "-r", "-p", "-t", "~/d"), ScpExec.words("scp -r -p -t ~/d"));
        assertEquals(List.of("scp", "-t", "/x y/it's"), ScpExec.words("scp -t '/x y/it'\\''s'"));
        assertEquals(List.of("scp", "-f", "a \"b\""), ScpExec.words("scp -f \"a \\\"b\\\"\""));
    }

    @Test
    void leavesShellSyntaxToTheWrappedHandler() {
        assertNull(ScpExec.words("scp -f *.txt"));
        assertNull(ScpExec.words("scp -t x; rm -rf y"));
        assertNull(ScpExec.words("scp -t 'unterminated"));
    }
}
