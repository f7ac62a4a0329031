package io.sshnetty.bench;

import java.io.IOException;

/**
 * A server the tool did not start (an OpenSSH sshd started by hand, with the bench's
 * authorized_keys): CPU and memory are read from /proc when its process id is given.
 */
public record RemoteTarget(ServerKind kind, String host, int port, long pid, String sftpDirectory) implements Target {
    @Override
    public long cpuMillis() throws IOException {
        return pid > 0 ? ProcStat.cpuMillis(pid) : -1;
    }

    @Override
    public long rssBytes() throws IOException {
        return pid > 0 ? ProcStat.treePssBytes(pid) : -1;
    }

    @Override
    public long[] heapAndDirect() {
        return null;
    }

    @Override
    public String command(String benchCommand) {
        return BenchCommands.forShell(benchCommand);
    }

    @Override
    public String sftpPath(String name) {
        return sftpDirectory + "/" + name;
    }

    @Override
    public void close() {
    }
}
