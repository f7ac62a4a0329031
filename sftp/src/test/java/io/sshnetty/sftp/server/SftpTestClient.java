package io.sshnetty.sftp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.connection.session.CommandIo;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.sftp.codec.SftpPacket;
import io.sshnetty.sftp.codec.SftpPackets;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Drives one {@link SftpSubsystem} session in-process through pipes, packet by packet, with the codec. */
final class SftpTestClient implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final PipedOutputStream toServer = new PipedOutputStream();
    private final DataInputStream fromServer;
    private final CompletableFuture<Integer> exit;

    SftpTestClient(SftpSubsystem subsystem, String user) throws IOException {
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        // A piped reader is woken by flush() only (else it polls once a second): flush every write.
        OutputStream serverOut = new PipedOutputStream(clientIn) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                super.write(bytes, offset, length);
                flush();
            }
        };
        fromServer = new DataInputStream(clientIn);
        var command = subsystem.subsystem(new SessionInfo(user, "test", new InetSocketAddress("127.0.0.1", 1), Map.of(), null));
        // A proxy rather than a class: the subsystem uses the three streams only, whatever else CommandIo offers.
        CommandIo io = (CommandIo) java.lang.reflect.Proxy.newProxyInstance(CommandIo.class.getClassLoader(),
                new Class<?>[] {CommandIo.class}, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "stdin": return serverIn;
                        case "stdout": return serverOut;
                        case "stderr": return OutputStream.nullOutputStream();
                        case "toString": return "test io";
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == arguments[0];
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
        exit = CompletableFuture.supplyAsync(() -> {
            try {
                return command.run(io);
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                try {
                    serverOut.close();
                } catch (IOException ignored) {
                    // the test sees the end of the stream
                }
            }
        }, thread);
    }

    /** Sends a packet; its buffers are released. */
    void send(SftpPacket packet) throws IOException {
        ByteBuf framed = Unpooled.buffer();
        try {
            SftpPackets.encodeFramed(packet, framed);
            sendRaw(framed);
        } finally {
            framed.release();
            packet.release();
        }
    }

    void sendRaw(ByteBuf bytes) throws IOException {
        bytes.getBytes(bytes.readerIndex(), toServer, bytes.readableBytes());
        toServer.flush();
    }

    /** The next packet; the caller releases it. */
    SftpPacket receive() throws IOException {
        int length = fromServer.readInt();
        byte[] body = new byte[length];
        fromServer.readFully(body);
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        try {
            return SftpPackets.decode(buffer);
        } finally {
            buffer.release();
        }
    }

    /** Sends and waits for the one reply. */
    SftpPacket call(SftpPacket request) throws IOException {
        send(request);
        return receive();
    }

    SftpPacket.Version init(int version) throws IOException {
        return (SftpPacket.Version) call(new SftpPacket.Init(version, java.util.List.of()));
    }

    /** Ends the client's side and waits for the session's exit status. */
    int finish() throws Exception {
        toServer.close();
        return exit.get(10, TimeUnit.SECONDS);
    }

    /** Ends the session and waits for it, so every buffer it held is released before the test's leak check. */
    @Override
    public void close() throws IOException {
        toServer.close();
        try {
            exit.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the session did not end cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.shutdownNow();
        }
    }
}
