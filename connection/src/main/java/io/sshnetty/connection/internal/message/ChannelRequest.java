package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SSH_MSG_CHANNEL_REQUEST (RFC 4254 §5.4): the channel, whether a reply is wanted, and the request, one
 * {@link Type} per request type we know. The fields of a request we do not know are not read. The same
 * record is what we send (exit-status, exit-signal).
 */
public record ChannelRequest(int recipientChannel, boolean wantReply, Type type) implements ConnectionMessage {
    /** A channel request's type and its fields. */
    public sealed interface Type permits PtyReq, Env, Shell, Exec, Subsystem, WindowChange, Signal, Break, ExitStatus,
            ExitSignal, EndOfWrite, AgentForwarding, X11, Unknown {
        /** The request type on the wire. */
        String name();

        /** Writes the request-specific fields. */
        void encodeFields(ByteBuf out);
    }

    /**
     * "pty-req", RFC 4254 §6.2: terminal type, size in characters and pixels, and the terminal modes of
     * RFC 4254 §8 (opcode → value), in the order sent.
     */
    public record PtyReq(String term, int columns, int rows, int widthPixels, int heightPixels, Map<Integer, Integer> modes)
            implements Type {
        /** RFC 4254 §8: TTY_OP_END ends the list; opcodes 160 and above carry no defined argument. */
        private static final int TTY_OP_END = 0;
        private static final int LAST_DEFINED_OPCODE = 159;

        public PtyReq {
            modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
        }

        @Override
        public String name() {
            return "pty-req";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeAscii(out, term);
            out.writeInt(columns);
            out.writeInt(rows);
            out.writeInt(widthPixels);
            out.writeInt(heightPixels);
            out.writeInt(modes.size() * 5 + 1);
            modes.forEach((opcode, value) -> out.writeByte(opcode).writeInt(value));
            out.writeByte(TTY_OP_END);
        }

        /** The encoded terminal modes: pairs of opcode and uint32 up to TTY_OP_END or an opcode without argument. */
        static Map<Integer, Integer> decodeModes(ByteBuf encoded) {
            Map<Integer, Integer> modes = new LinkedHashMap<>();
            while (encoded.isReadable()) {
                int opcode = encoded.readUnsignedByte();
                if (opcode == TTY_OP_END || opcode > LAST_DEFINED_OPCODE) {
                    break; // RFC 4254 §8: stop parsing at an opcode with no defined argument
                }
                if (encoded.readableBytes() < 4) {
                    throw SshProtocolException.protocolError("terminal modes end inside an argument");
                }
                modes.put(opcode, encoded.readInt());
            }
            return modes;
        }
    }

    /** "env", RFC 4254 §6.4: one environment variable. */
    public record Env(String variable, String value) implements Type {
        @Override
        public String name() {
            return "env";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, variable);
            Wire.writeUtf8(out, value);
        }
    }

    /** "shell", RFC 4254 §6.5: the user's login shell. */
    public record Shell() implements Type {
        @Override
        public String name() {
            return "shell";
        }

        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** "exec", RFC 4254 §6.5: a command line. */
    public record Exec(String command) implements Type {
        @Override
        public String name() {
            return "exec";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, command);
        }
    }

    /** "subsystem", RFC 4254 §6.5: a named subsystem such as sftp. */
    public record Subsystem(String subsystem) implements Type {
        @Override
        public String name() {
            return "subsystem";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, subsystem);
        }
    }

    /** "window-change", RFC 4254 §6.7: the terminal's new size. */
    public record WindowChange(int columns, int rows, int widthPixels, int heightPixels) implements Type {
        @Override
        public String name() {
            return "window-change";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            out.writeInt(columns);
            out.writeInt(rows);
            out.writeInt(widthPixels);
            out.writeInt(heightPixels);
        }
    }

    /** "signal", RFC 4254 §6.9: a signal name without the "SIG" prefix. */
    public record Signal(String signal) implements Type {
        @Override
        public String name() {
            return "signal";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeAscii(out, signal);
        }
    }

    /** "break", RFC 4335: a break of this many milliseconds (uint32). */
    public record Break(int milliseconds) implements Type {
        @Override
        public String name() {
            return "break";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            out.writeInt(milliseconds);
        }
    }

    /** "exit-status", RFC 4254 §6.10. */
    public record ExitStatus(int status) implements Type {
        @Override
        public String name() {
            return "exit-status";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            out.writeInt(status);
        }
    }

    /** "exit-signal", RFC 4254 §6.10: the command was ended by a signal. */
    public record ExitSignal(String signal, boolean coreDumped, String message, String languageTag) implements Type {
        @Override
        public String name() {
            return "exit-signal";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeAscii(out, signal);
            Wire.writeBoolean(out, coreDumped);
            Wire.writeUtf8(out, message);
            Wire.writeAscii(out, languageTag);
        }
    }

    /** "eow@openssh.com", OpenSSH PROTOCOL §2.1: the client will read no more of the channel's data. */
    public record EndOfWrite() implements Type {
        @Override
        public String name() {
            return "eow@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** "auth-agent-req@openssh.com": forward the client's agent to this session. */
    public record AgentForwarding() implements Type {
        @Override
        public String name() {
            return "auth-agent-req@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** "x11-req", RFC 4254 §6.3.1: decoded so that it is well-formed, and refused (we do not forward X11). */
    public record X11(boolean singleConnection, String authProtocol, String authCookie, int screen) implements Type {
        @Override
        public String name() {
            return "x11-req";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeBoolean(out, singleConnection);
            Wire.writeAscii(out, authProtocol);
            Wire.writeAscii(out, authCookie);
            out.writeInt(screen);
        }
    }

    /** A request type we do not serve; refused (RFC 4254 §5.4), the channel lives on. */
    public record Unknown(String name) implements Type {
        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** The request type's name, as sent. */
    public String requestType() {
        return type.name();
    }

    /** RFC 4254 §6.10: the command's exit status, sent without asking for a reply. */
    public static ChannelRequest exitStatus(int recipientChannel, int status) {
        return new ChannelRequest(recipientChannel, false, new ExitStatus(status));
    }

    /** RFC 4254 §6.10: the command was ended by a signal. */
    public static ChannelRequest exitSignal(int recipientChannel, String signal, boolean coreDumped, String message) {
        return new ChannelRequest(recipientChannel, false, new ExitSignal(signal, coreDumped, message, ""));
    }

    public static ChannelRequest decode(ByteBuf in) {
        ConnectionMessages.expectNumber(in, MessageNumbers.CHANNEL_REQUEST);
        int recipient = Wire.readUint32(in);
        String name = Wire.readAscii(in);
        boolean wantReply = Wire.readBoolean(in);
        Type type = decodeType(name, in);
        if (type instanceof Unknown) {
            return new ChannelRequest(recipient, wantReply, type);
        }
        Wire.expectEnd(in, "channel request " + name);
        return new ChannelRequest(recipient, wantReply, type);
    }

    private static Type decodeType(String name, ByteBuf in) {
        switch (name) {
            case "pty-req":
                return new PtyReq(Wire.readAscii(in), Wire.readUint32(in), Wire.readUint32(in), Wire.readUint32(in),
                        Wire.readUint32(in), PtyReq.decodeModes(Wire.readSlice(in)));
            case "env":
                return new Env(Wire.readUtf8(in), Wire.readUtf8(in));
            case "shell":
                return new Shell();
            case "exec":
                return new Exec(Wire.readUtf8(in));
            case "subsystem":
                return new Subsystem(Wire.readUtf8(in));
            case "window-change":
                return new WindowChange(Wire.readUint32(in), Wire.readUint32(in), Wire.readUint32(in), Wire.readUint32(in));
            case "signal":
                return new Signal(Wire.readAscii(in));
            case "break":
                return new Break(Wire.readUint32(in));
            case "exit-status":
                return new ExitStatus(Wire.readUint32(in));
            case "exit-signal":
                return new ExitSignal(Wire.readAscii(in), Wire.readBoolean(in), Wire.readUtf8(in), Wire.readAscii(in));
            case "eow@openssh.com":
                return new EndOfWrite();
            case "auth-agent-req@openssh.com":
                return new AgentForwarding();
            case "x11-req":
                return new X11(Wire.readBoolean(in), Wire.readAscii(in), Wire.readAscii(in), Wire.readUint32(in));
            default:
                return new Unknown(name);
        }
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.CHANNEL_REQUEST;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.CHANNEL_REQUEST);
        out.writeInt(recipientChannel);
        Wire.writeAscii(out, type.name());
        Wire.writeBoolean(out, wantReply);
        type.encodeFields(out);
    }
}
