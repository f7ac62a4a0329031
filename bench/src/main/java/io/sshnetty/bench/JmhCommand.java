package io.sshnetty.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jmh [JMH options]}: the microbenchmarks of {@code io.sshnetty.bench.jmh} through JMH's own command line. */
@Command(name = "jmh", description = "Runs the JMH microbenchmarks; arguments go to JMH (e.g. -f 1 -wi 2 -i 3 PacketCipher).")
public final class JmhCommand implements Callable<Integer> {
    /** JMH's options and benchmark patterns, passed on as they are. */
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
        return 0;
    }
}
