package io.sshnetty.connection.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.internal.message.ChannelOpenFailure;
import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.SessionHandlers;
import io.sshnetty.testing.EmbeddedSshClient;
import io.sshnetty.testing.EmbeddedSshClient.RawMessage;
import io.sshnetty.transport.internal.TransportConfig;
import io.sshnetty.transport.keys.Ed25519HostKey;
import io.sshnetty.transport.internal.message.Disconnect;
import io.sshnetty.transport.wire.DisconnectReason;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection protocol's state machine, driven in-process over an encrypted transport. */
class ConnectionHandlerTest {
    private static final Ed25519HostKey HOST_KEY = Ed25519HostKey.generate(new SecureRandom());
    /** Runs commands inline: the tests here need no threads. */
    private static final Executor INLINE = Runnable::run;

    private EmbeddedSshClient client;

    /** Stands in for user authentication: the user is "alice". */
    private static final class Authenticated extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().attr(AuthenticatedUser.KEY).set(new AuthenticatedUser("alice", List.of("publickey"), null));
        }
    }

    private void connect(SessionHandlers handlers) {
        connect(handlers, 64 * 1024);
    }

    private void connect(SessionHandlers handlers, int windowSize) {
        ConnectionConfig config = new ConnectionConfig(handlers, INLINE, 2, windowSize, 32 * 1024,
                ForwardingPolicy.denyAll(), io.sshnetty.connection.internal.forwarding.SocketTransport.nio());
        client = EmbeddedSshClient.connect(TransportConfig.of("SSH-2.0-sshnetty_test", List.of(HOST_KEY)),
                new Authenticated(), new ConnectionHandler(config));
        client.keyExchange("aes128-gcm@openssh.com", null);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void unknownChannelTypeIsRefusedAndTheConnectionLives() {
        connect(SessionHandlers.none());
        client.send(open("x11", 7));
        client.expect(MessageNumbers.CHANNEL_OPEN_FAILURE, in -> {
            in.skipBytes(1);
            assertEquals(7, in.readInt());
            assertEquals(ChannelOpenFailure.UNKNOWN_CHANNEL_TYPE, in.readInt());
        });
        openSession(8);
    }

    @Test
    void requestWithoutHandlerGetsChannelFailureAndWithoutWantReplyNothing() {
        connect(SessionHandlers.none());
        int channel = openSession(3);
        client.send(request(channel, "shell", true, out -> { }));
        client.expect(MessageNumbers.CHANNEL_FAILURE, in -> {
            in.skipBytes(1);
            assertEquals(3, in.readInt());
        });
        // X11 and agent forwarding are refused unless allowed; the channel lives on.
        client.send(request(channel, "x11-req", true, out -> {
            Wire.writeBoolean(out, false);
            Wire.writeAscii(out, "MIT-MAGIC-COOKIE-1");
            Wire.writeAscii(out, "00ff");
            out.writeInt(0);
        }));
        client.expect(MessageNumbers.CHANNEL_FAILURE, in -> { });
        client.send(request(channel, "auth-agent-req@openssh.com", true, out -> { }));
        client.expect(MessageNumbers.CHANNEL_FAILURE, in -> { });
        client.send(request(channel, "winadj@putty.projects.tartarus.org", false, out -> { }));
        client.send(request(channel, "exec", true, out -> Wire.writeUtf8(out, "true")));
        // Only the exec is answered: a request without want-reply never is.
        client.expect(MessageNumbers.CHANNEL_FAILURE, in -> { });
        assertNull(client.receive());
    }

    @Test
    void execHandlerServesTheCommandThenEofExitStatusAndClose() {
        connect(SessionHandlers.none().withExec(request -> Command.process(io -> {
            io.stdout().write(("hi " + request.user() + ": " + request.command()).getBytes(StandardCharsets.UTF_8));
            return 4;
        })));
        int channel = openSession(0);
        client.send(request(channel, "exec", true, out -> Wire.writeUtf8(out, "greet")));
        client.serverChannel().runPendingTasks();
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        client.expect(MessageNumbers.CHANNEL_DATA, in -> {
            in.skipBytes(5);
            assertEquals("hi alice: greet", Wire.readUtf8(in));
        });
        client.expect(MessageNumbers.CHANNEL_EOF, in -> { });
        client.expect(MessageNumbers.CHANNEL_REQUEST, in -> {
            in.skipBytes(5);
            assertEquals("exit-status", Wire.readAscii(in));
            assertFalse(Wire.readBoolean(in));
            assertEquals(4, in.readInt());
        });
        client.expect(MessageNumbers.CHANNEL_CLOSE, in -> { });
    }

    @Test
    void eventLoopCommandCountsItsInputAndAnswersAtEof() {
        connect(SessionHandlers.none().withSubsystem("count", session -> new ChannelCommand() {
            private ChannelSession channel;
            private long count;

            @Override
            public void start(ChannelSession started) {
                channel = started;
            }

            @Override
            public void onData(ChannelSession from, ByteBuf data) {
                count += data.readableBytes();
                channel.consumed(data.readableBytes());
                data.release();
            }

            @Override
            public void onEof() {
                channel.write(io.netty.buffer.Unpooled.copiedBuffer(count + " bytes", StandardCharsets.UTF_8));
                channel.exit(0);
            }
        }));
        int channel = openSession(0);
        client.send(request(channel, "subsystem", true, out -> Wire.writeUtf8(out, "count")));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        for (int i = 0; i < 5; i++) {
            client.send(new RawMessage(MessageNumbers.CHANNEL_DATA, out -> {
                out.writeInt(channel);
                Wire.writeBytes(out, new byte[30_000]);
            }));
        }
        // 150,000 bytes consumed: the 64 KiB window was topped up as the command took them.
        client.expect(MessageNumbers.CHANNEL_WINDOW_ADJUST, in -> { });
        client.expect(MessageNumbers.CHANNEL_WINDOW_ADJUST, in -> { });
        client.send(new RawMessage(MessageNumbers.CHANNEL_EOF, out -> out.writeInt(channel)));
        client.expect(MessageNumbers.CHANNEL_DATA, in -> {
            in.skipBytes(5);
            assertEquals("150000 bytes", Wire.readUtf8(in));
        });
        client.expect(MessageNumbers.CHANNEL_EOF, in -> { });
        client.expect(MessageNumbers.CHANNEL_REQUEST, in -> { });
        client.expect(MessageNumbers.CHANNEL_CLOSE, in -> { });
    }

    /** As OpenSSH: once more than three packets' worth is outstanding, what was consumed goes back at once. */
    @Test
    void windowIsToppedUpOnceThreePacketsWorthIsOutstanding() {
        connect(SessionHandlers.none().withSubsystem("sink", session -> new ChannelCommand() {
            private ChannelSession channel;

            @Override
            public void start(ChannelSession started) {
                channel = started;
            }

            @Override
            public void onData(ChannelSession from, ByteBuf data) {
                channel.consumed(data.readableBytes());
                data.release();
            }

            @Override
            public void onEof() {
                channel.exit(0);
            }
        }), 1024 * 1024);
        int channel = openSession(0);
        client.send(request(channel, "subsystem", true, out -> Wire.writeUtf8(out, "sink")));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        RawMessage data = new RawMessage(MessageNumbers.CHANNEL_DATA, out -> {
            out.writeInt(channel);
            Wire.writeBytes(out, new byte[30_000]);
        });
        for (int i = 0; i < 3; i++) {
            client.send(data);
        }
        // 90,000 bytes are no more than three 32 KiB packets, and far from half of the 1 MiB window.
        client.serverChannel().runPendingTasks();
        assertNull(client.receive());
        client.send(data);
        client.expect(MessageNumbers.CHANNEL_WINDOW_ADJUST, in -> {
            in.skipBytes(1);
            assertEquals(0, in.readInt());
            assertEquals(120_000, in.readInt());
        });
    }

    @Test
    void requestPolicyRefusesBeforeTheHandlerIsAsked() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        connect(SessionHandlers.none()
                .withExec(request -> {
                    asked.add(request.command());
                    return Command.process(io -> 0);
                })
                .withPolicy(request -> !(request.type().equals("exec") && request.detail().startsWith("rm "))));
        int channel = openSession(0);
        client.send(request(channel, "exec", true, out -> Wire.writeUtf8(out, "rm -rf /")));
        client.expect(MessageNumbers.CHANNEL_FAILURE, in -> { });
        assertTrue(asked.isEmpty(), "the handler is not asked about a refused request");
        client.send(request(channel, "exec", true, out -> Wire.writeUtf8(out, "true")));
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        assertEquals(List.of("true"), asked);
    }

    @Test
    void sessionsBeyondTheCapAreRefusedWithResourceShortage() {
        connect(SessionHandlers.none());
        openSession(0);
        openSession(1);
        client.send(open("session", 2));
        client.expect(MessageNumbers.CHANNEL_OPEN_FAILURE, in -> {
            in.skipBytes(5);
            assertEquals(ChannelOpenFailure.RESOURCE_SHORTAGE, in.readInt());
        });
    }

    @Test
    void dataBeyondTheWindowIsAProtocolError() {
        connect(SessionHandlers.none());
        int channel = openSession(0);
        client.send(new RawMessage(MessageNumbers.CHANNEL_DATA, out -> {
            out.writeInt(channel);
            Wire.writeBytes(out, new byte[33 * 1024]);
        }));
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void messageForAnUnknownChannelIsAProtocolError() {
        connect(SessionHandlers.none());
        client.send(new RawMessage(MessageNumbers.CHANNEL_EOF, out -> out.writeInt(42)));
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void unservedGlobalRequestsAreAnsweredWithFailureInOrder() {
        connect(SessionHandlers.none());
        client.send(global("keepalive@openssh.com", true, out -> { }));
        client.send(global("tcpip-forward", true, out -> {
            Wire.writeUtf8(out, "localhost");
            out.writeInt(0);
        }));
        client.expect(MessageNumbers.REQUEST_FAILURE, in -> { });
        client.expect(MessageNumbers.REQUEST_FAILURE, in -> { });
        client.send(open("direct-tcpip", 5, out -> {
            Wire.writeUtf8(out, "127.0.0.1");
            out.writeInt(22);
            Wire.writeUtf8(out, "127.0.0.1");
            out.writeInt(4000);
        }));
        client.expect(MessageNumbers.CHANNEL_OPEN_FAILURE, in -> {
            in.skipBytes(5);
            assertEquals(ChannelOpenFailure.ADMINISTRATIVELY_PROHIBITED, in.readInt(), "forwarding is denied by default");
        });
    }

    @Test
    void sessionAfterNoMoreSessionsEndsTheConnection() {
        connect(SessionHandlers.none());
        client.send(global("no-more-sessions@openssh.com", false, out -> { }));
        client.send(open("session", 0));
        expectDisconnect(DisconnectReason.PROTOCOL_ERROR);
    }

    @Test
    void peersMaximumPacketIsUnsignedAndDataLeavesInNormalSizedPackets() {
        connect(SessionHandlers.none().withExec(request -> Command.process(io -> {
            io.stdout().write(new byte[100 * 1024]);
            return 0;
        })), 64 * 1024);
        // 0xFFFFFFFF, as a signed int -1: once read as 1-byte packets; it means "as large as you like".
        client.send(new RawMessage(MessageNumbers.CHANNEL_OPEN, out -> {
            Wire.writeAscii(out, "session");
            out.writeInt(0);
            out.writeInt(1024 * 1024);
            out.writeInt(0xFFFFFFFF);
        }));
        int[] local = new int[1];
        client.expect(MessageNumbers.CHANNEL_OPEN_CONFIRMATION, in -> {
            in.skipBytes(5);
            local[0] = in.readInt();
        });
        client.send(request(local[0], "exec", true, out -> Wire.writeUtf8(out, "data")));
        client.serverChannel().runPendingTasks();
        client.expect(MessageNumbers.CHANNEL_SUCCESS, in -> { });
        int packets = 0;
        int bytes = 0;
        io.sshnetty.transport.internal.packet.InboundPacket packet;
        while ((packet = client.receive()) != null) {
            try {
                if (packet.messageNumber() == MessageNumbers.CHANNEL_DATA) {
                    ByteBuf payload = packet.content().skipBytes(5);
                    int length = payload.readInt();
                    assertTrue(length <= 32 * 1024, length + " bytes in one packet");
                    bytes += length;
                    packets++;
                }
            } finally {
                packet.release();
            }
        }
        assertEquals(100 * 1024, bytes);
        assertEquals(4, packets, "100 KiB in packets of our 32 KiB maximum");
    }

    @Test
    void tinyMaximumPacketIsRefused() {
        connect(SessionHandlers.none());
        client.send(new RawMessage(MessageNumbers.CHANNEL_OPEN, out -> {
            Wire.writeAscii(out, "session");
            out.writeInt(5);
            out.writeInt(1024 * 1024);
            out.writeInt(1);
        }));
        client.expect(MessageNumbers.CHANNEL_OPEN_FAILURE, in -> {
            in.skipBytes(1);
            assertEquals(5, in.readInt());
            assertEquals(ChannelOpenFailure.ADMINISTRATIVELY_PROHIBITED, in.readInt());
        });
        openSession(6);
    }

    private int openSession(int senderChannel) {
        client.send(open("session", senderChannel));
        int[] local = new int[1];
        client.expect(MessageNumbers.CHANNEL_OPEN_CONFIRMATION, in -> {
            in.skipBytes(1);
            assertEquals(senderChannel, in.readInt());
            local[0] = in.readInt();
        });
        return local[0];
    }

    private void expectDisconnect(DisconnectReason reason) {
        client.expect(MessageNumbers.DISCONNECT, in -> assertEquals(reason.code(), Disconnect.decode(in).reasonCode()));
        client.serverChannel().runPendingTasks();
        assertFalse(client.serverChannel().isActive());
    }

    private static RawMessage open(String type, int sender) {
        return open(type, sender, out -> { });
    }

    private static RawMessage open(String type, int sender, Consumer<ByteBuf> fields) {
        return new RawMessage(MessageNumbers.CHANNEL_OPEN, out -> {
            Wire.writeAscii(out, type);
            out.writeInt(sender);
            out.writeInt(1024 * 1024);
            out.writeInt(32 * 1024);
            fields.accept(out);
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

    private static RawMessage global(String name, boolean wantReply, Consumer<ByteBuf> fields) {
        return new RawMessage(MessageNumbers.GLOBAL_REQUEST, out -> {
            Wire.writeAscii(out, name);
            Wire.writeBoolean(out, wantReply);
            fields.accept(out);
        });
    }

    @Test
    void loopbackPolicyAllowsOnlyLoopbackTcp() {
        assertTrue(ForwardingPolicy.isLoopback("localhost"));
        assertTrue(ForwardingPolicy.isLoopback("127.0.0.1"));
        assertTrue(ForwardingPolicy.isLoopback("127.8.9.10"));
        assertTrue(ForwardingPolicy.isLoopback("::1"));
        assertFalse(ForwardingPolicy.isLoopback("10.0.0.1"));
        assertFalse(ForwardingPolicy.isLoopback("example.com"));
        assertFalse(ForwardingPolicy.isLoopback(""));
        assertFalse(ForwardingPolicy.isLoopback(null));
    }
}
