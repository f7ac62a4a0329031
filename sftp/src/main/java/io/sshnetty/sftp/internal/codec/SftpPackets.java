package io.sshnetty.sftp.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sshnetty.sftp.internal.codec.SftpPacket.ExtensionPair;

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
    /** The uint32 in front of every packet: the length of what follows. */
    public static final int LENGTH_FIELD = 4;
    /** A packet's length field, type byte and request id: what answering even a malformed request needs. */
    public static final int HEAD_LENGTH = LENGTH_FIELD + 1 + 4;
    /** A DATA packet's type byte, request id and data length. */
    private static final int DATA_HEADER = 1 + 4 + 4;
    /** The first buffer a framed packet other than DATA is written into; it grows as needed. */
    private static final int SMALL_FRAME = 256;

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
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - LENGTH_FIELD);
    }

    /**
     * {@code packet} framed for the stream in a new buffer from {@code alloc}. A DATA packet's bytes are not
     * copied: the frame is its header and a retained {@link SftpPacket.Data#data()}. The caller still
     * releases {@code packet}.
     */
    public static ByteBuf framed(SftpPacket packet, ByteBufAllocator alloc) {
        if (packet instanceof SftpPacket.Data) {
            SftpPacket.Data reply = (SftpPacket.Data) packet;
            ByteBuf data = reply.data();
            ByteBuf header = alloc.directBuffer(LENGTH_FIELD + DATA_HEADER);
            header.writeInt(DATA_HEADER + data.readableBytes());
            header.writeByte(SftpPacket.DATA);
            header.writeInt(reply.id());
            header.writeInt(data.readableBytes());
            return alloc.compositeDirectBuffer(2).addComponents(true, header, data.retain());
        }
        ByteBuf out = alloc.directBuffer(SMALL_FRAME);
        try {
            encodeFramed(packet, out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    // --- reading frames off a stream: what a reader needs without reading fields itself ------------

    /**
     * The uint32 length of the packet at the reader index of {@code in} (length field excluded), or -1
     * while its four length bytes have not all arrived. Does not consume and does not check the length.
     */
    public static long peekLength(ByteBuf in) {
        return in.readableBytes() < LENGTH_FIELD ? -1 : in.getUnsignedInt(in.readerIndex());
    }

    /** Whether the packet at the reader index has arrived whole: its length field and as many bytes as it says. */
    public static boolean isWhole(ByteBuf in) {
        long length = peekLength(in);
        return length >= 0 && in.readableBytes() - LENGTH_FIELD >= length;
    }

    /**
     * The request id of the packet at the reader index, read without consuming: {@link #HEAD_LENGTH} bytes
     * must be readable. {@link SftpDecodeException#NO_REQUEST_ID} when its length is too short for one.
     */
    public static long peekRequestId(ByteBuf in) {
        if (in.getUnsignedInt(in.readerIndex()) < 1 + 4) {
            return SftpDecodeException.NO_REQUEST_ID;
        }
        return in.getUnsignedInt(in.readerIndex() + LENGTH_FIELD + 1);
    }

    /**
     * The body (type byte and fields) of the whole packet at the reader index as a retained slice, for
     * {@link #decode}; does not consume: {@link #skipPacket} does, once the packet is taken.
     */
    public static ByteBuf retainedBody(ByteBuf in) {
        return in.retainedSlice(in.readerIndex() + LENGTH_FIELD, (int) peekLength(in));
    }

    /** Consumes the whole packet at the reader index; returns the bytes it took, length field included. */
    public static int skipPacket(ByteBuf in) {
        int frame = LENGTH_FIELD + (int) peekLength(in);
        in.skipBytes(frame);
        return frame;
    }

    /**
     * The length of the packet at the start of {@code in}, if its four length bytes are there; -1 if not.
     * Does not consume. A length of zero or over {@code maxLength} is a decode error.
     */
    public static int peekLength(ByteBuf in, int maxLength) {
        long length = peekLength(in);
        if (length < 0) {
            return -1;
        }
        checkLength((int) length, maxLength);
        return (int) length;
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
