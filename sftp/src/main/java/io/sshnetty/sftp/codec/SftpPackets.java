package io.sshnetty.sftp.codec;

import io.netty.buffer.ByteBuf;
import io.sshnetty.sftp.codec.SftpPacket.ExtensionPair;

import java.util.ArrayList;
import java.util.List;

/**
 * Framing and dispatch: a packet on the stream is a uint32 length, then the type byte and the fields
 * (draft-ietf-secsh-filexfer-02 §3). {@link #decode} turns one packet's body into its record.
 */
public final class SftpPackets {
    /** The largest packet, length field excluded, that either side accepts by default: 256 KiB, as OpenSSH. */
    public static final int DEFAULT_MAX_PACKET_LENGTH = 256 * 1024;
    /** Room for a READ's DATA or a WRITE's header around the data: the largest data is the packet less this. */
    public static final int HEADER_ALLOWANCE = 1024;

    private SftpPackets() {
    }

    /**
     * Decodes one packet: {@code body} holds the type byte and the fields, and nothing of the next
     * packet. Bytes after the last field are ignored, as OpenSSH's sftp-server does. Data-carrying
     * records hold retained slices of {@code body}; the caller still releases {@code body} itself.
     *
     * @throws SftpDecodeException for a malformed packet, with the request id when it could be read
     */
    public static SftpPacket decode(ByteBuf body) {
        int type = SftpWire.readByte(body, "packet type");
        if (type == SftpPacket.INIT) {
            return SftpPacket.Init.decode(body);
        }
        if (type == SftpPacket.VERSION) {
            return SftpPacket.Version.decode(body);
        }
        int id = SftpWire.readUint32(body, "request id");
        try {
            switch (type) {
                case SftpPacket.OPEN: return SftpPacket.Open.decode(id, body);
                case SftpPacket.CLOSE: return SftpPacket.Close.decode(id, body);
                case SftpPacket.READ: return SftpPacket.Read.decode(id, body);
                case SftpPacket.WRITE: return SftpPacket.Write.decode(id, body);
                case SftpPacket.LSTAT: return SftpPacket.Lstat.decode(id, body);
                case SftpPacket.FSTAT: return SftpPacket.Fstat.decode(id, body);
                case SftpPacket.SETSTAT: return SftpPacket.Setstat.decode(id, body);
                case SftpPacket.FSETSTAT: return SftpPacket.Fsetstat.decode(id, body);
                case SftpPacket.OPENDIR: return SftpPacket.Opendir.decode(id, body);
                case SftpPacket.READDIR: return SftpPacket.Readdir.decode(id, body);
                case SftpPacket.REMOVE: return SftpPacket.Remove.decode(id, body);
                case SftpPacket.MKDIR: return SftpPacket.Mkdir.decode(id, body);
                case SftpPacket.RMDIR: return SftpPacket.Rmdir.decode(id, body);
                case SftpPacket.REALPATH: return SftpPacket.Realpath.decode(id, body);
                case SftpPacket.STAT: return SftpPacket.Stat.decode(id, body);
                case SftpPacket.RENAME: return SftpPacket.Rename.decode(id, body);
                case SftpPacket.READLINK: return SftpPacket.Readlink.decode(id, body);
                case SftpPacket.SYMLINK: return SftpPacket.Symlink.decode(id, body);
                case SftpPacket.EXTENDED: return SftpPacket.Extended.decode(id, body);
                case SftpPacket.STATUS: return SftpPacket.Status.decode(id, body);
                case SftpPacket.HANDLE: return SftpPacket.Handle.decode(id, body);
                case SftpPacket.DATA: return SftpPacket.Data.decode(id, body);
                case SftpPacket.NAME: return SftpPacket.Name.decode(id, body);
                case SftpPacket.ATTRS: return SftpPacket.Attrs.decode(id, body);
                case SftpPacket.EXTENDED_REPLY: return SftpPacket.ExtendedReply.decode(id, body);
                default: return new SftpPacket.Unknown(id, type);
            }
        } catch (SftpDecodeException e) {
            throw e.withRequestId(id);
        }
    }

    /** Writes {@code packet} with its uint32 length in front. */
    public static void encodeFramed(SftpPacket packet, ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        packet.encode(out);
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    /**
     * The length of the packet at the start of {@code in}, if its four length bytes are there; -1 if not.
     * Does not consume. A length of zero or over {@code maxLength} is a decode error.
     */
    public static int peekLength(ByteBuf in, int maxLength) {
        if (in.readableBytes() < 4) {
            return -1;
        }
        int length = in.getInt(in.readerIndex());
        checkLength(length, maxLength);
        return length;
    }

    /** A packet length must hold at least the type byte and be within {@code maxLength}. */
    public static void checkLength(int length, int maxLength) {
        if (length < 1 || length > maxLength) {
            throw new SftpDecodeException("packet length " + Integer.toUnsignedString(length) + " outside 1.." + maxLength);
        }
    }

    static List<ExtensionPair> readExtensions(ByteBuf in) {
        List<ExtensionPair> pairs = new ArrayList<>();
        while (in.isReadable()) {
            if (pairs.size() == SftpPacket.MAX_EXTENSIONS) {
                throw new SftpDecodeException("more than " + SftpPacket.MAX_EXTENSIONS + " extensions");
            }
            pairs.add(new ExtensionPair(SftpWire.readUtf8(in, "extension name"), SftpWire.readUtf8(in, "extension data")));
        }
        return pairs;
    }

    static void writeExtensions(ByteBuf out, List<ExtensionPair> extensions) {
        for (ExtensionPair pair : extensions) {
            SftpWire.writeUtf8(out, pair.name());
            SftpWire.writeUtf8(out, pair.data());
        }
    }

    static void writeIdAndHandle(ByteBuf out, int type, int id, String handle) {
        out.writeByte(type);
        out.writeInt(id);
        SftpWire.writeHandle(out, handle);
    }

    static void writeIdAndString(ByteBuf out, int type, int id, String value) {
        out.writeByte(type);
        out.writeInt(id);
        SftpWire.writeUtf8(out, value);
    }
}
