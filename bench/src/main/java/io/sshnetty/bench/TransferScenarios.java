package io.sshnetty.bench;

import org.apache.sshd.client.session.ClientSession;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bulk transfers through an exec channel ({@code sink} up, {@code source N} down) with MINA's client and
 * with OpenSSH's {@code ssh}, and file transfers with OpenSSH's {@code sftp}. Every figure is MB/s
 * (10^6 bytes per second) of payload over the whole command, handshake included.
 */
public final class TransferScenarios {
    private TransferScenarios() {
    }

    /** MB/s of {@code bytes} up (to {@code sink}) or down (from {@code source}) with MINA's client on one connection. */
    public static double minaBulk(MinaLoad load, Target target, long bytes, boolean up) throws IOException {
        long start = System.nanoTime();
        try (ClientSession session = load.session(target, 0)) {
            MinaLoad.Counter counter = new MinaLoad.Counter();
            int status = up
                    ? MinaLoad.exec(session, target.command("sink"), new MinaLoad.Zeros(bytes), OutputStream.nullOutputStream())
                    : MinaLoad.exec(session, target.command("source " + bytes), null, counter);
            if (status != 0) {
                throw new IOException((up ? "sink" : "source") + " exited with " + status);
            }
            if (!up && counter.count != bytes) {
                throw new IOException("received " + counter.count + " of " + bytes + " bytes");
            }
        }
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** The OpenSSH client options every run shares: the bench key, no host key checks, no config files. */
    static List<String> sshOptions(BenchFiles files, String portFlag, Target target) {
        return new ArrayList<>(List.of("-F", "/dev/null", portFlag, Integer.toString(target.port()), "-i", files.userKey().toString(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "KexAlgorithms=curve25519-sha256"));
    }

    /** MB/s with OpenSSH's {@code ssh}: a sparse file of {@code bytes} into {@code sink}, or {@code source} into /dev/null. */
    public static double sshBulk(BenchFiles files, Target target, long bytes, boolean up, String cipher, String mac, Path zeros)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh"));
        command.addAll(sshOptions(files, "-p", target));
        command.addAll(List.of("-c", cipher));
        if (mac != null) {
            command.addAll(List.of("-m", mac));
        }
        command.add("root@" + target.host());
        command.add(target.command(up ? "sink" : "source " + bytes));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.redirectInput(up ? ProcessBuilder.Redirect.from(zeros.toFile()) : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        run(builder, "ssh");
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * MB/s of {@code bytes} in all moved by {@code streams} concurrent {@code sftp} processes, each getting
     * (or putting) a file of bytes/streams.
     */
    public static double sftp(BenchFiles files, Target target, long bytes, int streams, boolean get, Path localDir)
            throws IOException, InterruptedException {
        long each = bytes / streams;
        List<ProcessBuilder> builders = new ArrayList<>();
        List<Path> cleanup = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String name = (get ? "get-" : "put-") + i + ".bin";
            Path batch = localDir.resolve("batch-" + name);
            String remote = target.sftpPath(name);
            if (get) {
                BenchFiles.sparseFile(files.sftpRoot().resolve(name), each);
                Files.writeString(batch, "get " + remote + " /dev/null\n");
            } else {
                Path local = BenchFiles.sparseFile(localDir.resolve(name), each);
                cleanup.add(local);
                Files.writeString(batch, "put " + local + " " + remote + "\n");
            }
            cleanup.add(files.sftpRoot().resolve(name));
            cleanup.add(batch);
            List<String> command = new ArrayList<>(List.of("sftp", "-q", "-b", batch.toString()));
            command.addAll(sftpOptions(files, target));
            command.add("root@" + target.host());
            builders.add(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT));
        }
        long start = System.nanoTime();
        List<Process> processes = new ArrayList<>();
        for (ProcessBuilder builder : builders) {
            processes.add(builder.start());
        }
        try {
            for (Process process : processes) {
                await(process, "sftp");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!get) {
                for (int i = 0; i < streams; i++) {
                    long size = Files.size(files.sftpRoot().resolve("put-" + i + ".bin"));
                    if (size != each) {
                        throw new IOException("put wrote " + size + " of " + each + " bytes");
                    }
                }
            }
            return each * streams / 1e6 / seconds;
        } finally {
            for (Path path : cleanup) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static List<String> sftpOptions(BenchFiles files, Target target) {
        return sshOptions(files, "-P", target);
    }

    private static void run(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        await(builder.start(), what);
    }

    private static void await(Process process, String what) throws IOException, InterruptedException {
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(what + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " exited with " + process.exitValue());
        }
    }
}
