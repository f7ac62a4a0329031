package io.sshnetty.sftp.internal.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The data types SFTP borrows from SSH (draft-ietf-secsh-filexfer-02 §3, RFC 4251 §5) over Netty's
 * buffers. Every read checks its bounds and throws {@link SftpDecodeException}, never an
 * {@code IndexOutOfBoundsException}. The codec's own small copy: it depends on nothing but Netty's buffers.
 */
public final class SftpWire {
    /** A path, a handle or an extension name longer than this is refused (PATH_MAX is 4096 on Linux). */
    public static final int MAX_NAME_LENGTH = 8 * 1024;
    /** Handles are at most 256 bytes (draft-02 §7.2 keeps them short; OpenSSH's are 4). */
    public static final int MAX_HANDLE_LENGTH = 256;

    private SftpWire() {
    }

    static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new SftpDecodeException(what + ": need " + bytes + " bytes, " + in.readableBytes() + " left");
        }
    }

    public static int readByte(ByteBuf in, String what) {
        need(in, 1, what);
        return in.readUnsignedByte();
    }

    public static int readUint32(ByteBuf in, String what) {
        need(in, 4, what);
        return in.readInt();
    }

    public static long readUint64(ByteBuf in, String what) {
        need(in, 8, what);
        return in.readLong();
    }

    /** A string's length, checked against what is left and {@code limit}. */
    public static int readLength(ByteBuf in, int limit, String what) {
        int length = readUint32(in, what);
        if (length < 0 || length > limit) {
            throw new SftpDecodeException(what + ": length " + Integer.toUnsignedString(length) + " over its limit " + limit);
        }
        need(in, length, what);
        return length;
    }

    public static String readUtf8(ByteBuf in, int limit, String what) {
        int length = readLength(in, limit, what);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    public static String readUtf8(ByteBuf in, String what) {
        return readUtf8(in, MAX_NAME_LENGTH, what);
    }

    /** A handle: opaque bytes, held as ISO-8859-1 so each byte is one char and records compare by value. */
    public static String readHandle(ByteBuf in) {
        int length = readLength(in, MAX_HANDLE_LENGTH, "handle");
        String value = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
        in.skipBytes(length);
        return value;
    }

    /** A string field as a retained slice (no copy); the caller releases it. */
    public static ByteBuf readRetainedSlice(ByteBuf in, int limit, String what) {
        return in.readRetainedSlice(readLength(in, limit, what));
    }

    public static void writeUtf8(ByteBuf out, String value) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int written = out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.setInt(lengthIndex, written);
    }

    public static void writeHandle(ByteBuf out, String handle) {
        out.writeInt(handle.length());
        out.writeCharSequence(handle, StandardCharsets.ISO_8859_1);
    }

    /** A string field from {@code data}'s readable bytes; {@code data} is not consumed or released. */
    public static void writeBytes(ByteBuf out, ByteBuf data) {
        out.writeInt(data.readableBytes());
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }
}
