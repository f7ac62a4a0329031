package io.sshnetty.connection.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sshnetty.transport.internal.ConnectionState;
import io.sshnetty.auth.AuthenticatedUser;
import io.sshnetty.connection.forwarding.ForwardingPolicy;
import io.sshnetty.connection.internal.forwarding.SocketTransport;
import io.sshnetty.connection.session.ChannelCommand;
import io.sshnetty.connection.session.ChannelSession;
import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.SessionHandlers;
import io.sshnetty.transport.internal.packet.InboundPacket;
import io.sshnetty.transport.wire.SshProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The connection handler driven by an arbitrary sequence of client messages, each a decrypted payload
 * as the transport hands it on. The input is a run of frames, a two-byte big-endian length and that many
 * payload bytes. Whatever the sequence, the handler either serves it or fails with
 * {@link SshProtocolException} (after which the real pipeline disconnects, so feeding stops), never with
 * another exception; and once the connection is gone every payload's buffer has been released, whatever
 * channel, command or queue held a slice of it. Commands here: exec writes and exits (process style, run
 * inline), shell and the "echo" subsystem echo their input back (event-loop style); forwarding is denied,
 * so no socket is ever opened.
 */
class ConnectionHandlerFuzzTest {
    /** Process-style commands run inline on the test's thread: none of them reads its stdin. */
    private static final Executor INLINE = Runnable::run;
    private static final ConnectionConfig CONFIG = new ConnectionConfig(SessionHandlers.none()
            .withExec(request -> Command.process(io -> {
                io.stdout().write(request.command().getBytes(StandardCharsets.UTF_8));
                io.stderr().write('!');
                return request.command().length() % 3;
            }))
            .withShell(session -> new Echo())
            .withSubsystem("echo", session -> new Echo())
            .withAcceptedEnvironment(name -> name.startsWith("LC_")),
            INLINE, 3, 64 * 1024, 4 * 1024, ForwardingPolicy.denyAll(), SocketTransport.nio());

    @FuzzTest
    void messages(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel();
        ConnectionState.attach(channel);
        channel.attr(AuthenticatedUser.KEY).set(new AuthenticatedUser("fuzz", List.of("publickey"), null));
        Errors errors = new Errors();
        channel.pipeline().addLast(new ConnectionHandler(CONFIG), errors);
        List<ByteBuf> payloads = new ArrayList<>();
        try {
            ByteBuf frames = Unpooled.wrappedBuffer(input);
            while (frames.readableBytes() >= 2 && errors.protocolError == null && channel.isActive()) {
                int length = Math.min(frames.readUnsignedShort(), frames.readableBytes());
                if (length == 0) {
                    continue;
                }
                ByteBuf payload = Unpooled.buffer(length).writeBytes(frames, length);
                payloads.add(payload);
                channel.writeInbound(new InboundPacket(payloads.size(), payload));
                channel.runPendingTasks();
                releaseOutbound(channel);
                errors.rethrowUnexpected();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        errors.rethrowUnexpected();
        for (int i = 0; i < payloads.size(); i++) {
            assertEquals(0, payloads.get(i).refCnt(), "payload " + i + " was released");
        }
    }

    private static void releaseOutbound(EmbeddedChannel channel) {
        Object message;
        while ((message = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    /** Stands where ProtocolErrorHandler stands: a protocol error ends the connection, anything else is a bug. */
    private static final class Errors extends ChannelInboundHandlerAdapter {
        SshProtocolException protocolError;
        Throwable unexpected;

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof SshProtocolException error) {
                protocolError = error;
                ctx.close();
            } else if (unexpected == null) {
                unexpected = cause;
            }
        }

        void rethrowUnexpected() {
            if (unexpected != null) {
                throw new AssertionError("not a protocol error", unexpected);
            }
        }
    }

    /** An event-loop command that sends back what it receives and ends at EOF. */
    private static final class Echo implements ChannelCommand {
        private ChannelSession session;

        @Override
        public void start(ChannelSession started) {
            session = started;
        }

        @Override
        public void onData(ChannelSession from, ByteBuf data) {
            int length = data.readableBytes();
            session.write(data);
            session.consumed(length);
        }

        @Override
        public void onEof() {
            session.exit(0);
        }
    }
}
