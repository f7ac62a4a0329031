package io.sshnetty.connection.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * SSH_MSG_GLOBAL_REQUEST (RFC 4254 §4): whether a reply is wanted and the request, one {@link Type} per
 * request name we know. The fields of a request we do not know are not read.
 */
public record GlobalRequest(boolean wantReply, Type type) implements ConnectionMessage {
    /** A global request's name and its fields. */
    public sealed interface Type permits TcpipForward, CancelTcpipForward, StreamlocalForward, CancelStreamlocalForward,
            Keepalive, NoMoreSessions, HostKeysProve, Unknown {
        /** The request name on the wire. */
        String name();

        /** Writes the request-specific fields. */
        void encodeFields(ByteBuf out);
    }

    /** "tcpip-forward", RFC 4254 §7.1 ({@code ssh -R}): listen on this address and port (0: any port). */
    public record TcpipForward(String address, int port) implements Type {
        @Override
        public String name() {
            return "tcpip-forward";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, address);
            out.writeInt(port);
        }
    }

    /** "cancel-tcpip-forward", RFC 4254 §7.1. */
    public record CancelTcpipForward(String address, int port) implements Type {
        @Override
        public String name() {
            return "cancel-tcpip-forward";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, address);
            out.writeInt(port);
        }
    }

    /** "streamlocal-forward@openssh.com", OpenSSH PROTOCOL §2.4: listen on this Unix socket. */
    public record StreamlocalForward(String path) implements Type {
        @Override
        public String name() {
            return "streamlocal-forward@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, path);
        }
    }

    /** "cancel-streamlocal-forward@openssh.com", OpenSSH PROTOCOL §2.4. */
    public record CancelStreamlocalForward(String path) implements Type {
        @Override
        public String name() {
            return "cancel-streamlocal-forward@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            Wire.writeUtf8(out, path);
        }
    }

    /** "keepalive@openssh.com": a client's liveness probe, which any answer satisfies. */
    public record Keepalive() implements Type {
        @Override
        public String name() {
            return "keepalive@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** "no-more-sessions@openssh.com", OpenSSH PROTOCOL §2.2: the client will open no more sessions. */
    public record NoMoreSessions() implements Type {
        @Override
        public String name() {
            return "no-more-sessions@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /**
     * "hostkeys-prove-00@openssh.com", OpenSSH PROTOCOL §2.5: the client asks us to prove we hold these
     * host keys (public key blobs, to the end of the message). We never announce host keys, so it is refused.
     */
    public record HostKeysProve(List<byte[]> keys) implements Type {
        public HostKeysProve {
            keys = Collections.unmodifiableList(new ArrayList<>(keys));
        }

        @Override
        public String name() {
            return "hostkeys-prove-00@openssh.com";
        }

        @Override
        public void encodeFields(ByteBuf out) {
            for (byte[] key : keys) {
                Wire.writeBytes(out, key);
            }
        }

        /** Equal when the blobs are, byte for byte. */
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof HostKeysProve that) || that.keys.size() != keys.size()) {
                return false;
            }
            for (int i = 0; i < keys.size(); i++) {
                if (!Arrays.equals(keys.get(i), that.keys.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int hash = 1;
            for (byte[] key : keys) {
                hash = 31 * hash + Arrays.hashCode(key);
            }
            return hash;
        }

        @Override
        public String toString() {
            return "HostKeysProve(" + keys.size() + " keys)";
        }
    }

    /** A request we do not serve; answered with REQUEST_FAILURE when a reply is wanted (RFC 4254 §4). */
    public record Unknown(String name) implements Type {
        @Override
        public void encodeFields(ByteBuf out) {
        }
    }

    /** The request name, as sent. */
    public String requestName() {
        return type.name();
    }

    public static GlobalRequest decode(ByteBuf in) {
        ConnectionMessages.expectNumber(in, MessageNumbers.GLOBAL_REQUEST);
        String name = Wire.readAscii(in);
        boolean wantReply = Wire.readBoolean(in);
        Type type;
        switch (name) {
            case "tcpip-forward":
                type = new TcpipForward(Wire.readUtf8(in), Wire.readUint32(in));
                break;
            case "cancel-tcpip-forward":
                type = new CancelTcpipForward(Wire.readUtf8(in), Wire.readUint32(in));
                break;
            case "streamlocal-forward@openssh.com":
                type = new StreamlocalForward(Wire.readUtf8(in));
                break;
            case "cancel-streamlocal-forward@openssh.com":
                type = new CancelStreamlocalForward(Wire.readUtf8(in));
                break;
            case "keepalive@openssh.com":
                type = new Keepalive();
                break;
            case "no-more-sessions@openssh.com":
                type = new NoMoreSessions();
                break;
            case "hostkeys-prove-00@openssh.com": {
                List<byte[]> keys = new ArrayList<>();
                while (in.isReadable()) {
                    keys.add(Wire.readBytes(in));
                }
                type = new HostKeysProve(keys);
                break;
            }
            default:
                return new GlobalRequest(wantReply, new Unknown(name));
        }
        Wire.expectEnd(in, "GLOBAL_REQUEST " + name);
        return new GlobalRequest(wantReply, type);
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.GLOBAL_REQUEST;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.GLOBAL_REQUEST);
        Wire.writeAscii(out, type.name());
        Wire.writeBoolean(out, wantReply);
        type.encodeFields(out);
    }
}
