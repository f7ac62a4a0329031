package io.sshnetty.transport.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.transport.internal.wire.MessageNumbers;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.List;

/**
 * SSH_MSG_KEXINIT, RFC 4253 §7.1: a 16-byte cookie, ten name-lists, {@code boolean first_kex_packet_follows} and
 * a reserved {@code uint32}.
 */
public record KexInit(
        byte[] cookie,
        List<String> kexAlgorithms,
        List<String> serverHostKeyAlgorithms,
        List<String> encryptionClientToServer,
        List<String> encryptionServerToClient,
        List<String> macClientToServer,
        List<String> macServerToClient,
        List<String> compressionClientToServer,
        List<String> compressionServerToClient,
        List<String> languagesClientToServer,
        List<String> languagesServerToClient,
        boolean firstKexPacketFollows) implements TransportMessage {

    public static final int COOKIE_LENGTH = 16;

    public static KexInit decode(ByteBuf in) {
        Wire.readMessageNumber(in, MessageNumbers.KEXINIT, "SSH_MSG_KEXINIT");
        if (in.readableBytes() < COOKIE_LENGTH) {
            throw SshProtocolException.protocolError("KEXINIT too short");
        }
        byte[] cookie = new byte[COOKIE_LENGTH];
        in.readBytes(cookie);
        KexInit init = new KexInit(cookie,
                Wire.readNameList(in), Wire.readNameList(in),
                Wire.readNameList(in), Wire.readNameList(in),
                Wire.readNameList(in), Wire.readNameList(in),
                Wire.readNameList(in), Wire.readNameList(in),
                Wire.readNameList(in), Wire.readNameList(in),
                Wire.readBoolean(in));
        Wire.readUint32(in); // reserved for future extension
        Wire.expectEnd(in, "SSH_MSG_KEXINIT");
        return init;
    }

    @Override
    public int messageNumber() {
        return MessageNumbers.KEXINIT;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageNumbers.KEXINIT);
        out.writeBytes(cookie);
        Wire.writeNameList(out, kexAlgorithms);
        Wire.writeNameList(out, serverHostKeyAlgorithms);
        Wire.writeNameList(out, encryptionClientToServer);
        Wire.writeNameList(out, encryptionServerToClient);
        Wire.writeNameList(out, macClientToServer);
        Wire.writeNameList(out, macServerToClient);
        Wire.writeNameList(out, compressionClientToServer);
        Wire.writeNameList(out, compressionServerToClient);
        Wire.writeNameList(out, languagesClientToServer);
        Wire.writeNameList(out, languagesServerToClient);
        Wire.writeBoolean(out, firstKexPacketFollows);
        out.writeInt(0);
    }

    @Override
    public int estimatedSize() {
        return 1024;
    }
}
