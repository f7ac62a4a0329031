package io.sshnetty.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** What the report says about the machine, the JDK and the OpenSSH installed. */
public final class Machine {
    private Machine() {
    }

    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }

    static long memTotalMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
    }

    /**
     * Raises the open-file hard limit as far as the kernel allows ({@code fs.nr_open}; a no-op without
     * CAP_SYS_RESOURCE or where the host refuses it), then the soft limit to it: the start of every server's
     * shell command.
     */
    static final String RAISE_OPEN_FILES = "ulimit -Hn $(cat /proc/sys/fs/nr_open) 2>/dev/null; ulimit -n $(ulimit -Hn);";

    /** The open-file hard limit a server process can raise itself to. */
    public static long openFileHardLimit() {
        String out = output("bash", "-c", RAISE_OPEN_FILES + " ulimit -Hn");
        try {
            return out.trim().equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(out.trim());
        } catch (NumberFormatException e) {
            return 1024;
        }
    }

    public static String opensshVersion() {
        return output("ssh", "-V").trim();
    }

    /** Whether the installed sshd negotiates mlkem768x25519-sha256 (OpenSSH 9.9 and later). */
    public static boolean sshdHasMlKem() {
        return output("ssh", "-Q", "kex").contains("mlkem768x25519-sha256");
    }

    static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return text;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The header of the results: command, machine, JDK, versions, load. */
    public static String describe(String arguments, Instant started, long seconds, String loadBefore, String loadAfter, String jvmFlags) {
        String command = "java -jar bench/target/sshnetty-bench.jar" + (arguments.isBlank() ? "" : " " + arguments);
        return String.format(Locale.ROOT, """
                Run of %s, %d min %02d s:

                ```sh
                %s
                ```

                - Machine: %s, %d cores, %d MiB RAM, %s %s
                - JDK: %s %s (%s); both Java servers' JVM flags: `%s`
                - Servers: sshnetty %s, Apache MINA SSHD %s, %s (sshd and its sftp-server)
                - Load average (1, 5, 15 min) before: %s; after: %s
                """,
                started, seconds / 60, seconds % 60, command,
                cpuModel(), Runtime.getRuntime().availableProcessors(), memTotalMiB(),
                System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
                jvmFlags, io.sshnetty.server.SshServer.VERSION, minaVersion(), opensshVersion(), loadBefore, loadAfter);
    }

    /** The MINA SSHD version in this jar, from its Maven metadata (the jar's bench/pom.xml chooses it). */
    static String minaVersion() {
        try (java.io.InputStream in = Machine.class.getResourceAsStream("/META-INF/maven/org.apache.sshd/sshd-core/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
