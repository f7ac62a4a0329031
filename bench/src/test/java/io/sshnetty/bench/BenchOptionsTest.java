package io.sshnetty.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchOptionsTest {
    @Test
    void runDefaultsAreTheFullComparison() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs();
        assertEquals(List.of("sshd", "mina", "sshnetty"), run.servers);
        assertEquals(List.of(1, 32, 64), run.concurrencies);
        assertEquals(List.of("curve25519-sha256", "mlkem768x25519-sha256"), run.kexes);
        assertEquals(1L << 30, run.bulkBytes);
        assertEquals(List.of(1, 8), run.sftpStreams);
        assertEquals(Path.of("docs/performance.md"), run.report);
    }

    @Test
    void listsAreCommaSeparated() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--servers=mina,sshnetty", "--concurrency", "4,8", "--scenarios=bulk", "--quick");
        assertEquals(List.of("mina", "sshnetty"), run.servers);
        assertEquals(List.of(4, 8), run.concurrencies);
        assertEquals(List.of("bulk"), run.scenarios);
        assertEquals(true, run.quick);
    }

    @Test
    void optionsWithoutASubcommandMeanRun() {
        assertArrayEquals(new String[] {"run", "--quick"}, BenchMain.prepend("run", new String[] {"--quick"}));
    }

    @Test
    void benchCommandsAndTheirShellEquivalents() {
        assertEquals(1024, BenchCommands.sourceLength("source 1024"));
        assertEquals(-1, BenchCommands.sourceLength("source -5"));
        assertEquals(-1, BenchCommands.sourceLength("source x"));
        assertEquals(-1, BenchCommands.sourceLength("sink"));
        assertEquals("head -c 1024 /dev/zero", BenchCommands.forShell("source 1024"));
        assertEquals("cat > /dev/null", BenchCommands.forShell("sink"));
        assertEquals("true", BenchCommands.forShell("true"));
        assertEquals("'a b'", Shell.quote("a b"));
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("-Xmx2g", Shell.quote("-Xmx2g"));
    }

    @Test
    void sizesPrintInBinaryUnits() {
        assertEquals("1 GiB", RunCommand.size(1L << 30));
        assertEquals("16 MiB", RunCommand.size(16L << 20));
        assertEquals("1000 B", RunCommand.size(1000));
    }
}
