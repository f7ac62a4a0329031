package io.sshnetty.connection;

import io.sshnetty.connection.internal.ConnectionConfig;
import io.sshnetty.connection.internal.ConnectionHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.internal.forwarding.SocketTransport;
import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.SessionHandlers;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * How an event-loop command meets its channel: every request type through its one callback, the
 * writability signal that paces a producer by the client's window, and the default handling of input.
 */
class SessionCommandTest {
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(new SecureRandom());
    private static final Executor INLINE = Runnable::run;
    /** The window the test's client offers: small, so that a producer meets it. */
    private static final int CLIENT_WINDOW = 64 * 1024;
    private static final int CHUNK = 16 * 1024;

    private EmbeddedSshClient client;

    /** Stands in for user authentication: the user is "alice". */
    private static final class Authenticated extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().attr(AuthenticatedUser.KEY).set(new AuthenticatedUser("alice", List.of("publickey"), null));
        }
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void breakReachesAnEventLoopCommandAndItsAnswerIsTheReply() {
        List<Integer> breaks = new ArrayList<>();
        connect(SessionHandlers.none()
                .withSubsystem("breakable", session -> new ChannelCommand() {
                    @Override
                    public void start(ChannelSession started) {
                    }

                    @Override
                    public boolean onBreak(int milliseconds) {
                        breaks.add(milliseconds);
                        return true;
                    }
                })
                .withSubsystem("plain", session -> (ChannelCommand) started -> { }));
        int breakable = startSubsystem(0, "breakable");
        client.send(request(breakable, "break", true, out -> out.writeInt(500)));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        assertEquals(List.of(500), breaks);

        // A command that does not override onBreak performs no break, and the client is told so (RFC 4335 §3).
        int plain = startSubsystem(1, "plain");
        client.send(request(plain, "break", true, out -> out.writeInt(500)));
        client.expect(MessageNumbers.CHANNEL_FAILURE, in -> { });
    }

    @Test
    void signalAndWindowChangeAreAnsweredByTheEventLoopCommand() {
        List<String> seen = new ArrayList<>();
        connect(SessionHandlers.none().withShell(session -> new ChannelCommand() {
            @Override
            public void start(ChannelSession started) {
            }

            @Override
            public boolean onSignal(String signal) {
                seen.add(signal);
                return !signal.equals("KILL");
            }

            @Override
            public boolean onWindowChange(io.sshnetty.connection.session.WindowSize size) {
                seen.add(size.columns() + "x" + size.rows());
                return true;
            }
        }));
        int channel = openSession(0, CLIENT_WINDOW);
        client.send(request(channel, "shell", true, out -> { }));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        client.send(request(channel, "signal", true, out -> Wire.writeAscii(out, "INT")));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        client.send(request(channel, "signal", true, out -> Wire.writeAscii(out, "KILL")));
        client.expect(MessageNumbers.CHANNEL_FAILURE, in -> { });
        client.send(request(channel, "window-change", true, out -> {
            out.writeInt(132);
            out.writeInt(43);
            out.writeInt(0);
            out.writeInt(0);
        }));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        assertEquals(List.of("INT", "KILL", "132x43"), seen);
    }

    /** OpenSSH's INFO@openssh.com reaches the command as INFO, beside the RFC's names; others pass as sent. */
    @Test
    void openSshInfoSignalArrivesUnderItsPlainName() {
        List<String> seen = new ArrayList<>();
        connect(SessionHandlers.none().withShell(session -> new ChannelCommand() {
            @Override
            public void start(ChannelSession started) {
            }

            @Override
            public boolean onSignal(String signal) {
                seen.add(signal);
                return true;
            }
        }));
        int channel = openSession(0, CLIENT_WINDOW);
        client.send(request(channel, "shell", true, out -> { }));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        for (String name : List.of("INFO@openssh.com", "TERM", "PWR@example.com")) {
            client.send(request(channel, "signal", true, out -> Wire.writeAscii(out, name)));
            client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        }
        assertEquals(List.of("INFO", "TERM", "PWR@example.com"), seen);
    }

    /**
     * A producer that writes while the session is writable stops once the client's window is spent, with no
     * more than the one write that did not fit queued, and resumes when WINDOW_ADJUST opens the window.
     */
    @Test
    void producerStopsWhenTheWindowIsSpentAndResumesWhenItOpens() {
        Producer producer = new Producer(8 * CHUNK);
        connect(SessionHandlers.none().withSubsystem("produce", session -> producer));
        int channel = startSubsystem(0, "produce");
        expectData(CLIENT_WINDOW);
        assertNull(client.receive());
        // Four chunks filled the window; the fifth waits in the queue, and the producer has stopped.
        assertEquals(5, producer.writes);
        assertFalse(producer.writable);
        assertEquals(1, producer.resumed);

        client.send(windowAdjust(channel, 2 * CHUNK));
        // The queued chunk and one more leave; the next one written waits again.
        expectData(2 * CHUNK);
        assertNull(client.receive());
        assertEquals(7, producer.writes);
        assertEquals(2, producer.resumed);

        client.send(windowAdjust(channel, CLIENT_WINDOW));
        expectData(2 * CHUNK);
        assertEquals(8, producer.writes);
        assertEquals(3, producer.resumed);
        client.expect(MessageNumbers.CHANNEL_EOF, in -> { });
        client.expect(MessageNumbers.CHANNEL_REQUEST, in -> { });
        client.expect(MessageNumbers.CHANNEL_CLOSE, in -> { });
    }

    /** With the window wide open, the socket paces the producer: it waits while Netty reports the socket full. */
    @Test
    void producerWaitsWhileTheSocketIsUnwritable() {
        Producer producer = new Producer(4 * CHUNK);
        connect(SessionHandlers.none().withSubsystem("produce", session -> producer));
        int channel = openSession(0, 1024 * 1024);
        ChannelOutboundBuffer socket = client.serverChannel().unsafe().outboundBuffer();
        socket.setUserDefinedWritability(1, false);
        client.send(request(channel, "subsystem", true, out -> Wire.writeUtf8(out, "produce")));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        assertNull(client.receive());
        assertEquals(0, producer.writes);

        socket.setUserDefinedWritability(1, true);
        expectData(4 * CHUNK);
        assertEquals(4, producer.writes);
        assertEquals(2, producer.resumed);
        client.expect(MessageNumbers.CHANNEL_EOF, in -> { });
        client.expect(MessageNumbers.CHANNEL_REQUEST, in -> { });
        client.expect(MessageNumbers.CHANNEL_CLOSE, in -> { });
    }

    /** A command that takes no input need not say so: its data is discarded and the window still opens. */
    @Test
    void defaultOnDataDiscardsAndKeepsTheWindowOpen() {
        connect(SessionHandlers.none().withSubsystem("ignore", session -> new ChannelCommand() {
            private ChannelSession channel;

            @Override
            public void start(ChannelSession started) {
                channel = started;
            }

            @Override
            public void onEof() {
                channel.exit(0);
            }
        }));
        int channel = startSubsystem(0, "ignore");
        for (int i = 0; i < 5; i++) {
            client.send(new RawMessage(MessageNumbers.CHANNEL_DATA, out -> {
                out.writeInt(channel);
                Wire.writeBytes(out, new byte[30_000]);
            }));
        }
        // 150,000 bytes through a 64 KiB window: it was topped up as the data was discarded.
        client.expect(MessageNumbers.CHANNEL_WINDOW_ADJUST, in -> { });
        client.expect(MessageNumbers.CHANNEL_WINDOW_ADJUST, in -> { });
        client.send(new RawMessage(MessageNumbers.CHANNEL_EOF, out -> out.writeInt(channel)));
        client.expect(MessageNumbers.CHANNEL_EOF, in -> { });
        client.expect(MessageNumbers.CHANNEL_REQUEST, in -> { });
        client.expect(MessageNumbers.CHANNEL_CLOSE, in -> { });
    }

    /** Writes {@code total} bytes in chunks, while the session is writable, then exits. */
    private static final class Producer implements ChannelCommand {
        private long remaining;
        private ChannelSession session;
        int writes;
        int resumed;
        boolean writable;

        Producer(long total) {
            this.remaining = total;
        }

        @Override
        public void start(ChannelSession started) {
            session = started;
            onWritable();
        }

        @Override
        public void onWritable() {
            resumed++;
            while (remaining > 0 && (writable = session.isWritable())) {
                remaining -= CHUNK;
                writes++;
                session.write(Unpooled.wrappedBuffer(new byte[CHUNK]));
            }
            if (remaining == 0) {
                session.exit(0);
            }
        }
    }

    private void connect(SessionHandlers handlers) {
        ConnectionConfig config = new ConnectionConfig(handlers, INLINE, 2, 64 * 1024, 32 * 1024,
                ForwardingPolicy.denyAll(), SocketTransport.nio());
        client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new Authenticated(), new ConnectionHandler(config));
        client.keyExchange("aes128-gcm@openssh.com", null);
    }

    private int startSubsystem(int sender, String name) {
        int channel = openSession(sender, CLIENT_WINDOW);
        client.send(request(channel, "subsystem", true, out -> Wire.writeUtf8(out, name)));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        return channel;
    }

    /** Expects channel data messages carrying {@code bytes} in all. */
    private void expectData(int bytes) {
        client.serverChannel().runPendingTasks();
        int[] received = new int[1];
        while (received[0] < bytes) {
            client.expect(MessageNumbers.CHANNEL_DATA, in -> {
                in.skipBytes(5);
                received[0] += in.readInt();
            });
        }
        assertEquals(bytes, received[0]);
    }

    private int openSession(int sender, int window) {
        client.send(new RawMessage(MessageNumbers.CHANNEL_OPEN, out -> {
            Wire.writeAscii(out, "session");
            out.writeInt(sender);
            out.writeInt(window);
            out.writeInt(32 * 1024);
        }));
        int[] local = new int[1];
        client.expect(MessageNumbers.CHANNEL_OPEN_CONFIRMATION, in -> {
            in.skipBytes(1);
            assertEquals(sender, in.readInt());
            local[0] = in.readInt();
        });
        return local[0];
    }

    private static RawMessage windowAdjust(int channel, int bytes) {
        return new RawMessage(MessageNumbers.CHANNEL_WINDOW_ADJUST, out -> {
            out.writeInt(channel);
            out.writeInt(bytes);
        });
    }

    private static RawMessage request(int channel, String type, boolean wantReply, Consumer<ByteBuf> fields) {
        return new RawMessage(MessageNumbers.CHANNEL_REQUEST, out -> {
            out.writeInt(channel);
            Wire.writeAscii(out, type);
            Wire.writeBoolean(out, wantReply);
            fields.accept(out);
        });
    }
}
