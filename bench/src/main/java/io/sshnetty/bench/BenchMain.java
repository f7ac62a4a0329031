package io.sshnetty.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar bench/target/sshnetty-bench.jar}: the load tool ({@code run}, the default), one
 * benchmark server ({@code server}) and the JMH microbenchmarks ({@code jmh}).
 */
@Command(name = "sshnetty-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks sshnetty beside Apache MINA SSHD and OpenSSH's sshd.",
        subcommands = {RunCommand.class, ServerCommand.class, JmhCommand.class})
public final class BenchMain implements Runnable {
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    public static void main(String[] args) {
        String[] effective = args.length == 0 || args[0].startsWith("--") && !args[0].equals("--help") && !args[0].equals("--version")
                ? prepend("run", args) : args;
        if (!effective[0].equals("server") && System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn"); // the load generator's client would log every connection
        }
        System.exit(new CommandLine(new BenchMain()).execute(effective));
    }

    static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
