package io.sshnetty.transport.internal.wire;

import io.sshnetty.transport.wire.SshProtocolException;

import io.netty.buffer.ByteBuf;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The data types of RFC 4251 §5 read from and written to {@link ByteBuf}s. Every read checks its
 * bounds: reading past the end or a length over its limit is an {@link SshProtocolException}, never an
 * {@code IndexOutOfBoundsException}.
 */
public final class Wire {
    /** No single string field of a message may claim more than this; packets are far smaller anyway. */
    public static final int MAX_STRING_LENGTH = 256 * 1024;
    /** A name-list longer than this many names is refused (OpenSSH's own lists hold a few dozen). */
    public static final int MAX_NAMES = 128;

    private Wire() {
    }

    public static boolean readBoolean(ByteBuf in) {
        need(in, 1, "boolean");
        return in.readByte() != 0;
    }

    public static int readByte(ByteBuf in) {
        need(in, 1, "byte");
        return in.readUnsignedByte();
    }

    /** Reads the message number and fails unless it is {@code expected}: a decoder given another message. */
    public static void readMessageNumber(ByteBuf in, int expected, String message) {
        int number = readByte(in);
        if (number != expected) {
            throw SshProtocolException.protocolError("message " + number + " is not " + message);
        }
    }

    /** A uint32 as an int; callers compare it with {@link Integer#compareUnsigned} where it matters. */
    public static int readUint32(ByteBuf in) {
        need(in, 4, "uint32");
        return in.readInt();
    }

    public static long readUint64(ByteBuf in) {
        need(in, 8, "uint64");
        return in.readLong();
    }

    /** Length of a string field, checked against what is left and against {@code limit}. */
    public static int readLength(ByteBuf in, int limit) {
        int length = readUint32(in);
        if (length < 0 || length > limit) {
            throw SshProtocolException.protocolError("string length " + Integer.toUnsignedString(length) + " over its limit " + limit);
        }
        need(in, length, "string");
        return length;
    }

    public static byte[] readBytes(ByteBuf in) {
        return readBytes(in, MAX_STRING_LENGTH);
    }

    public static byte[] readBytes(ByteBuf in, int limit) {
        byte[] bytes = new byte[readLength(in, limit)];
        in.readBytes(bytes);
        return bytes;
    }

    /** A string field as a slice of {@code in} (no copy, not retained). */
    public static ByteBuf readSlice(ByteBuf in) {
        return in.readSlice(readLength(in, MAX_STRING_LENGTH));
    }

    /** A string field as a retained slice of {@code in}; the caller releases it. */
    public static ByteBuf readRetainedSlice(ByteBuf in) {
        return in.readRetainedSlice(readLength(in, MAX_STRING_LENGTH));
    }

    public static String readUtf8(ByteBuf in) {
        return readUtf8(in, MAX_STRING_LENGTH);
    }

    public static String readUtf8(ByteBuf in, int limit) {
        int length = readLength(in, limit);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    public static String readAscii(ByteBuf in) {
        int length = readLength(in, MAX_STRING_LENGTH);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.US_ASCII);
        in.skipBytes(length);
        return value;
    }

    /** An algorithm or extension name (RFC 4251 §6): printable US-ASCII, no whitespace or control characters. */
    public static String readName(ByteBuf in) {
        String name = readAscii(in);
        if (name.isEmpty()) {
            throw SshProtocolException.protocolError("empty name");
        }
        checkName(name);
        return name;
    }

    private static void checkName(String name) {
        if (!name.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw SshProtocolException.protocolError("a name with a control, space or non-ASCII character");
        }
    }

    public static List<String> readNameList(ByteBuf in) {
        String joined = readAscii(in);
        List<String> names = new ArrayList<>();
        if (joined.isEmpty()) {
            return names;
        }
        int start = 0;
        while (true) {
            int comma = joined.indexOf(',', start);
            String name = comma < 0 ? joined.substring(start) : joined.substring(start, comma);
            if (name.isEmpty()) {
                throw SshProtocolException.protocolError("empty name in name-list");
            }
            checkName(name);
            if (names.size() == MAX_NAMES) {
                throw SshProtocolException.protocolError("name-list of more than " + MAX_NAMES + " names");
            }
            names.add(name);
            if (comma < 0) {
                return names;
            }
            start = comma + 1;
        }
    }

    public static BigInteger readMpint(ByteBuf in) {
        byte[] bytes = readBytes(in, 16 * 1024 + 1);
        return bytes.length == 0 ? BigInteger.ZERO : new BigInteger(bytes);
    }

    /** Fails unless every byte of {@code in} has been read: trailing garbage in a message is an error. */
    public static void expectEnd(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw SshProtocolException.protocolError(in.readableBytes() + " unexpected bytes after " + what);
        }
    }

    private static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw SshProtocolException.protocolError("message ends inside a " + what + " field");
        }
    }

    // --- writing -------------------------------------------------------------------------------

    public static void writeBoolean(ByteBuf out, boolean value) {
        out.writeByte(value ? 1 : 0);
    }

    public static void writeBytes(ByteBuf out, byte[] value) {
        out.writeInt(value.length);
        out.writeBytes(value);
    }

    public static void writeBytes(ByteBuf out, ByteBuf value) {
        out.writeInt(value.readableBytes());
        out.writeBytes(value, value.readerIndex(), value.readableBytes());
    }

    public static void writeUtf8(ByteBuf out, String value) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int written = out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.setInt(lengthIndex, written);
    }

    public static void writeAscii(ByteBuf out, String value) {
        out.writeInt(value.length());
        out.writeCharSequence(value, StandardCharsets.US_ASCII);
    }

    public static void writeNameList(ByteBuf out, List<String> names) {
        writeAscii(out, String.join(",", names));
    }

    /** An mpint, RFC 4251 §5: two's complement, big-endian, no needless leading bytes. */
    public static void writeMpint(ByteBuf out, BigInteger value) {
        writeBytes(out, value.signum() == 0 ? new byte[0] : value.toByteArray());
    }

    /** The unsigned big-endian integer in {@code magnitude} written as an mpint. */
    public static void writeMpint(ByteBuf out, byte[] magnitude) {
        int start = 0;
        while (start < magnitude.length && magnitude[start] == 0) {
            start++;
        }
        int length = magnitude.length - start;
        boolean pad = length > 0 && (magnitude[start] & 0x80) != 0;
        out.writeInt(length + (pad ? 1 : 0));
        if (pad) {
            out.writeByte(0);
        }
        out.writeBytes(magnitude, start, length);
    }
}
