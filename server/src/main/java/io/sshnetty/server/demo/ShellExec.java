package io.sshnetty.server.demo;

import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.CommandIo;
import io.sshnetty.connection.session.ExecHandler;
import io.sshnetty.connection.session.ExecRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The demo's exec: runs the command with {@code /bin/sh -c} as the server process's own user, in its home
 * directory, as sshd does. stdin, stdout and stderr are pumped both ways through blocking streams, so a
 * slow client slows the process (pipe back-pressure) instead of filling memory.
 */
public final class ShellExec implements ExecHandler {
    private static final Logger log = LoggerFactory.getLogger(ShellExec.class);
    private static final int BUFFER_SIZE = 32 * 1024;

    private final ExecutorService pumps;

    /** @param pumps runs the stream pumps (blocking) */
    public ShellExec(ExecutorService pumps) {
        this.pumps = pumps;
    }

    @Override
    public Command exec(ExecRequest request) {
        return io -> run(request, io);
    }

    private int run(ExecRequest request, CommandIo io) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", request.command())
                .directory(new java.io.File(System.getProperty("user.home")));
        environment(builder.environment(), request);
        log.debug("[{}] exec for {}: {}", request.connectionId(), request.user(), request.command());
        Process process = builder.start();
        pumps.execute(() -> pumpStdin(io.stdin(), process));
        Future<?> stdout = pumps.submit(() -> pump(process.getInputStream(), io.stdout(), process));
        Future<?> stderr = pumps.submit(() -> pump(process.getErrorStream(), io.stderr(), process));
        try {
            int status = process.waitFor();
            stdout.get();
            stderr.get();
            return status;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            process.destroy();
        }
    }

    private static void environment(Map<String, String> environment, ExecRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) remote;
            environment.put("SSH_CLIENT", inet.getAddress().getHostAddress() + " " + inet.getPort() + " 0");
        }
    }

    /** The client's data into the process; the process's stdin closes at the client's EOF. */
    private static void pumpStdin(InputStream channelIn, Process process) {
        try (OutputStream processIn = process.getOutputStream()) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = channelIn.read(buffer)) >= 0) {
                processIn.write(buffer, 0, n);
                processIn.flush();
            }
        } catch (IOException e) {
            // The process stopped reading or the channel closed: what is left of stdin is dropped.
            log.trace("stdin pump ended: {}", e.toString());
        } finally {
            try {
                channelIn.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** The process's output onto the channel; if the channel is gone, the process is stopped. */
    private static Void pump(InputStream processOut, OutputStream channelOut, Process process) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = processOut) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                channelOut.write(buffer, 0, n);
            }
            channelOut.flush();
        } catch (IOException e) {
            process.destroy();
            throw e;
        }
        return null;
    }
}
