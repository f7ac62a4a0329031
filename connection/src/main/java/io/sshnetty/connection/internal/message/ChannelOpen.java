package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

/**
 * SSH_MSG_CHANNEL_OPEN as a client sends it (RFC 4254 §5.1): the head and the type-specific fields, one
 * {@link Type} per channel type we know. The fields of a type we do not know are not read.
 */
public record ChannelOpen(int senderChannel, int initialWindowSize, int maximumPacketSize, Type type)
        implements ConnectionMessage {
    /** A channel type and its fields. */
    public sealed interface Type permits Session, DirectTcpip, DirectStreamlocal, Unknown {
        /** The channel type's name on the wire. */
        String name();

        /** Writes the type-specific fields. */
        void encodeFields(ByteBuf out);
    }

    /** "session", RFC 4254 §6.1: no fields. */
    public record Session() implements Type {
        @Override
        public String name() {
            return "session";
        }

        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** "direct-tcpip", RFC 4254 §7.2 ({@code ssh -L}): where to connect, and where the connection came from. */
    public record DirectTcpip(String host, int port, String originatorAddress, int originatorPort) implements Type {
        @Override
        public String name() {
            return "direct-tcpip";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, host);
            out.writeInt(port);
            Wire.writeUtf8(out, originatorAddress);
            out.writeInt(originatorPort);
        }
    }

    /** "direct-streamlocal@openssh.com", OpenSSH PROTOCOL §2.4: the Unix socket to connect to. */
    public record DirectStreamlocal(String path, String reserved, int reservedPort) implements Type {
        @Override
        public String name() {
            return "direct-streamlocal@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, path);
            Wire.writeUtf8(out, reserved);
            out.writeInt(reservedPort);
        }
    }

    /** A channel type we do not serve (x11 among them); refused with UNKNOWN_CHANNEL_TYPE. */
    public record Unknown(String name) implements Type {
        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** The channel type's name, as sent. */
    public String channelType() {
        return type.name();
    }

    public static ChannelOpen decode(ByteBuf in) {
        ConnectionMessages.expectNumber(in, MessageNumbers.CHANNEL_OPEN);
        String name = Wire.readAscii(in);
        int sender = Wire.readUint32(in);
        int window = Wire.readUint32(in);
        int maxPacket = Wire.readUint32(in);
        Type type;
        switch (name) {
            case "session":
                type = new Session();
                break;
            case "direct-tcpip":
                type = new DirectTcpip(Wire.readUtf8(in), Wire.readUint32(in), Wire.readUtf8(in), Wire.readUint32(in));
                break;
            case "direct-streamlocal@openssh.com":
                type = new DirectStreamlocal(Wire.readUtf8(in), Wire.readUtf8(in), Wire.readUint32(in));
                break;
            default:
                // RFC 4254 §5.1: the fields depend on the type; an unknown one's are left unread.
                return new ChannelOpen(sender, window, maxPacket, new Unknown(name));
        }
        Wire.expectEnd(in, "CHANNEL_OPEN " + name);
        return new ChannelOpen(sender, window, maxPacket, type);
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.CHANNEL_OPEN;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.CHANNEL_OPEN);
        Wire.writeAscii(out, type.name());
        out.writeInt(senderChannel);
        out.writeInt(initialWindowSize);
        out.writeInt(maximumPacketSize);
        type.encodeFields(out);
    }
}
