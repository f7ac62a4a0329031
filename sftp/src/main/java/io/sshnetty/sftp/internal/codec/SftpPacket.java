package io.sshnetty.sftp.internal.codec;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Every packet of SFTP version 3 (draft-ietf-secsh-filexfer-02 §4–§8), one record each, its type number
 * beside it. {@link #encode} writes the type byte and the fields (the uint32 length in front is
 * {@link SftpPackets}' job); each record's static {@code decode} reads the fields after the type byte.
 * Records that carry file data ({@link Write}, {@link Data}) or extension payloads hold a retained
 * {@link ByteBuf} slice, never a copy: whoever holds the packet calls {@link #release()}.
 */
public sealed interface SftpPacket {
    int INIT = 1;
    int VERSION = 2;
    int OPEN = 3;
    int CLOSE = 4;
    int READ = 5;
    int WRITE = 6;
    int LSTAT = 7;
    int FSTAT = 8;
    int SETSTAT = 9;
    int FSETSTAT = 10;
    int OPENDIR = 11;
    int READDIR = 12;
    int REMOVE = 13;
    int MKDIR = 14;
    int RMDIR = 15;
    int REALPATH = 16;
    int STAT = 17;
    int RENAME = 18;
    int READLINK = 19;
    int SYMLINK = 20;
    int STATUS = 101;
    int HANDLE = 102;
    int DATA = 103;
    int NAME = 104;
    int ATTRS = 105;
    int EXTENDED = 200;
    int EXTENDED_REPLY = 201;

    /** Extensions named in INIT or VERSION beyond this many are refused. */
    int MAX_EXTENSIONS = 64;
    /** NAME entries beyond this many are refused (a server sends about 100 per READDIR). */
    int MAX_NAMES = 4096;

    /** The packet type byte. */
    int type();

    /** Writes the type byte and the fields. */
    void encode(ByteBuf out);

    /** Releases the data this packet holds, if any. */
    default void release() {
    }

    /** A packet that answers or asks something by request id; all but INIT and VERSION. */
    sealed interface Identified extends SftpPacket {
        /** The request id (uint32 as an int). */
        int id();
    }

    /** A client's request: the packets a server receives after INIT. */
    sealed interface Request extends Identified {
    }

    /**
     * A request addressed to an open handle (CLOSE, READ, WRITE, FSTAT, FSETSTAT, READDIR): a server
     * serves the requests on one handle in the order they came (draft-02 §6.1).
     */
    sealed interface HandleRequest extends Request {
        /** The handle the request is addressed to. */
        String handle();
    }

    /** A server's reply to a request. */
    sealed interface Reply extends Identified {
    }

    /** An extension pair of INIT or VERSION: name and data (draft-02 §4). */
    record ExtensionPair(String name, String data) {
    }

    /** One entry of a NAME reply (draft-02 §7). */
    record NameEntry(String filename, String longname, FileAttributes attributes) {
    }

    // --- the version exchange (draft-02 §4) --------------------------------------------------------

    /** SSH_FXP_INIT (draft-02 §4). */
    record Init(int version, List<ExtensionPair> extensions) implements SftpPacket {
        public Init {
            extensions = List.copyOf(extensions);
        }

        @Override
        public int type() {
            return INIT;
        }

        public static Init decode(ByteBuf in) {
            return new Init(SftpWire.readUint32(in, "version"), SftpPackets.readExtensions(in));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(INIT);
            out.writeInt(version);
            SftpPackets.writeExtensions(out, extensions);
        }
    }

    /** SSH_FXP_VERSION (draft-02 §4). */
    record Version(int version, List<ExtensionPair> extensions) implements SftpPacket {
        public Version {
            extensions = List.copyOf(extensions);
        }

        @Override
        public int type() {
            return VERSION;
        }

        public static Version decode(ByteBuf in) {
            return new Version(SftpWire.readUint32(in, "version"), SftpPackets.readExtensions(in));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(VERSION);
            out.writeInt(version);
            SftpPackets.writeExtensions(out, extensions);
        }
    }

    // --- requests (draft-02 §6) --------------------------------------------------------------------

    /** §6.3; {@code pflags} are the SSH_FXF_* bits of {@link OpenFlags}. */
    record Open(int id, String filename, int pflags, FileAttributes attributes) implements Request {
        @Override
        public int type() {
            return OPEN;
        }

        public static Open decode(int id, ByteBuf in) {
            return new Open(id, SftpWire.readUtf8(in, "filename"), SftpWire.readUint32(in, "pflags"), FileAttributes.decode(in));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(OPEN);
            out.writeInt(id);
            SftpWire.writeUtf8(out, filename);
            out.writeInt(pflags);
            attributes.encode(out);
        }
    }

    /** SSH_FXP_CLOSE (draft-02 §6.3). */
    record Close(int id, String handle) implements HandleRequest {
        @Override
        public int type() {
            return CLOSE;
        }

        public static Close decode(int id, ByteBuf in) {
            return new Close(id, SftpWire.readHandle(in));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndHandle(out, CLOSE, id, handle);
        }
    }

    /** §6.4; {@code length} is a uint32 as an int. */
    record Read(int id, String handle, long offset, int length) implements HandleRequest {
        @Override
        public int type() {
            return READ;
        }

        public static Read decode(int id, ByteBuf in) {
            return new Read(id, SftpWire.readHandle(in), SftpWire.readUint64(in, "offset"), SftpWire.readUint32(in, "length"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndHandle(out, READ, id, handle);
            out.writeLong(offset);
            out.writeInt(length);
        }
    }

    /** §6.4; {@code data} is a retained slice of the packet. */
    record Write(int id, String handle, long offset, ByteBuf data) implements HandleRequest {
        @Override
        public int type() {
            return WRITE;
        }

        public static Write decode(int id, ByteBuf in) {
            String handle = SftpWire.readHandle(in);
            long offset = SftpWire.readUint64(in, "offset");
            return new Write(id, handle, offset, SftpWire.readRetainedSlice(in, Integer.MAX_VALUE, "data"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndHandle(out, WRITE, id, handle);
            out.writeLong(offset);
            SftpWire.writeBytes(out, data);
        }

        @Override
        public void release() {
            data.release();
        }
    }

    /** SSH_FXP_LSTAT (draft-02 §6.8). */
    record Lstat(int id, String path) implements Request {
        @Override
        public int type() {
            return LSTAT;
        }

        public static Lstat decode(int id, ByteBuf in) {
            return new Lstat(id, SftpWire.readUtf8(in, "path"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, LSTAT, id, path);
        }
    }

    /** SSH_FXP_FSTAT (draft-02 §6.8). */
    record Fstat(int id, String handle) implements HandleRequest {
        @Override
        public int type() {
            return FSTAT;
        }

        public static Fstat decode(int id, ByteBuf in) {
            return new Fstat(id, SftpWire.readHandle(in));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndHandle(out, FSTAT, id, handle);
        }
    }

    /** SSH_FXP_SETSTAT (draft-02 §6.9). */
    record Setstat(int id, String path, FileAttributes attributes) implements Request {
        @Override
        public int type() {
            return SETSTAT;
        }

        public static Setstat decode(int id, ByteBuf in) {
            return new Setstat(id, SftpWire.readUtf8(in, "path"), FileAttributes.decode(in));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, SETSTAT, id, path);
            attributes.encode(out);
        }
    }

    /** SSH_FXP_FSETSTAT (draft-02 §6.9). */
    record Fsetstat(int id, String handle, FileAttributes attributes) implements HandleRequest {
        @Override
        public int type() {
            return FSETSTAT;
        }

        public static Fsetstat decode(int id, ByteBuf in) {
            return new Fsetstat(id, SftpWire.readHandle(in), FileAttributes.decode(in));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndHandle(out, FSETSTAT, id, handle);
            attributes.encode(out);
        }
    }

    /** SSH_FXP_OPENDIR (draft-02 §6.7). */
    record Opendir(int id, String path) implements Request {
        @Override
        public int type() {
            return OPENDIR;
        }

        public static Opendir decode(int id, ByteBuf in) {
            return new Opendir(id, SftpWire.readUtf8(in, "path"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, OPENDIR, id, path);
        }
    }

    /** SSH_FXP_READDIR (draft-02 §6.7). */
    record Readdir(int id, String handle) implements HandleRequest {
        @Override
        public int type() {
            return READDIR;
        }

        public static Readdir decode(int id, ByteBuf in) {
            return new Readdir(id, SftpWire.readHandle(in));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndHandle(out, READDIR, id, handle);
        }
    }

    /** SSH_FXP_REMOVE (draft-02 §6.5). */
    record Remove(int id, String filename) implements Request {
        @Override
        public int type() {
            return REMOVE;
        }

        public static Remove decode(int id, ByteBuf in) {
            return new Remove(id, SftpWire.readUtf8(in, "filename"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, REMOVE, id, filename);
        }
    }

    /** SSH_FXP_MKDIR (draft-02 §6.6). */
    record Mkdir(int id, String path, FileAttributes attributes) implements Request {
        @Override
        public int type() {
            return MKDIR;
        }

        public static Mkdir decode(int id, ByteBuf in) {
            return new Mkdir(id, SftpWire.readUtf8(in, "path"), FileAttributes.decode(in));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, MKDIR, id, path);
            attributes.encode(out);
        }
    }

    /** SSH_FXP_RMDIR (draft-02 §6.6). */
    record Rmdir(int id, String path) implements Request {
        @Override
        public int type() {
            return RMDIR;
        }

        public static Rmdir decode(int id, ByteBuf in) {
            return new Rmdir(id, SftpWire.readUtf8(in, "path"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, RMDIR, id, path);
        }
    }

    /** SSH_FXP_REALPATH (draft-02 §6.11). */
    record Realpath(int id, String path) implements Request {
        @Override
        public int type() {
            return REALPATH;
        }

        public static Realpath decode(int id, ByteBuf in) {
            return new Realpath(id, SftpWire.readUtf8(in, "path"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, REALPATH, id, path);
        }
    }

    /** SSH_FXP_STAT (draft-02 §6.8). */
    record Stat(int id, String path) implements Request {
        @Override
        public int type() {
            return STAT;
        }

        public static Stat decode(int id, ByteBuf in) {
            return new Stat(id, SftpWire.readUtf8(in, "path"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, STAT, id, path);
        }
    }

    /** SSH_FXP_RENAME (draft-02 §6.5). */
    record Rename(int id, String oldPath, String newPath) implements Request {
        @Override
        public int type() {
            return RENAME;
        }

        public static Rename decode(int id, ByteBuf in) {
            return new Rename(id, SftpWire.readUtf8(in, "oldpath"), SftpWire.readUtf8(in, "newpath"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, RENAME, id, oldPath);
            SftpWire.writeUtf8(out, newPath);
        }
    }

    /** SSH_FXP_READLINK (draft-02 §6.10). */
    record Readlink(int id, String path) implements Request {
        @Override
        public int type() {
            return READLINK;
        }

        public static Readlink decode(int id, ByteBuf in) {
            return new Readlink(id, SftpWire.readUtf8(in, "path"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, READLINK, id, path);
        }
    }

    /**
     * §6.10, in the argument order OpenSSH uses on the wire (its PROTOCOL file, "sftp: Reversal of
     * arguments to SSH_FXP_SYMLINK"): the link's target first, then the path of the link to create.
     */
    record Symlink(int id, String targetPath, String linkPath) implements Request {
        @Override
        public int type() {
            return SYMLINK;
        }

        public static Symlink decode(int id, ByteBuf in) {
            return new Symlink(id, SftpWire.readUtf8(in, "targetpath"), SftpWire.readUtf8(in, "linkpath"));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, SYMLINK, id, targetPath);
            SftpWire.writeUtf8(out, linkPath);
        }
    }

    /** §8: a vendor request by name; {@code data} is the rest of the packet as a retained slice. */
    record Extended(int id, String request, ByteBuf data) implements Request {
        @Override
        public int type() {
            return EXTENDED;
        }

        public static Extended decode(int id, ByteBuf in) {
            String request = SftpWire.readUtf8(in, "extended-request");
            return new Extended(id, request, in.readRetainedSlice(in.readableBytes()));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndString(out, EXTENDED, id, request);
            out.writeBytes(data, data.readerIndex(), data.readableBytes());
        }

        @Override
        public void release() {
            data.release();
        }
    }

    /**
     * A packet of a type this codec does not know, with the id it carried; a server answers it with
     * SSH_FX_OP_UNSUPPORTED (draft-02 §6). Its fields are skipped.
     */
    record Unknown(int id, int packetType) implements Request {
        @Override
        public int type() {
            return packetType;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(packetType);
            out.writeInt(id);
        }
    }

    // --- replies (draft-02 §7) ---------------------------------------------------------------------

    /** §7; {@code code} is one of {@link StatusCode}. */
    record Status(int id, int code, String message, String language) implements Reply {
        @Override
        public int type() {
            return STATUS;
        }

        public static Status decode(int id, ByteBuf in) {
            int code = SftpWire.readUint32(in, "error code");
            // OpenSSH's own servers always send both strings; very old ones sent neither.
            if (!in.isReadable()) {
                return new Status(id, code, "", "");
            }
            return new Status(id, code, SftpWire.readUtf8(in, "error message"), SftpWire.readUtf8(in, "language tag"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(STATUS);
            out.writeInt(id);
            out.writeInt(code);
            SftpWire.writeUtf8(out, message);
            SftpWire.writeUtf8(out, language);
        }
    }

    /** SSH_FXP_HANDLE (draft-02 §7). */
    record Handle(int id, String handle) implements Reply {
        @Override
        public int type() {
            return HANDLE;
        }

        public static Handle decode(int id, ByteBuf in) {
            return new Handle(id, SftpWire.readHandle(in));
        }

        @Override
        public void encode(ByteBuf out) {
            SftpPackets.writeIdAndHandle(out, HANDLE, id, handle);
        }
    }

    /** §7; {@code data} is a retained slice (decoded) or the bytes to send (encoded). */
    record Data(int id, ByteBuf data) implements Reply {
        @Override
        public int type() {
            return DATA;
        }

        public static Data decode(int id, ByteBuf in) {
            return new Data(id, SftpWire.readRetainedSlice(in, Integer.MAX_VALUE, "data"));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(DATA);
            out.writeInt(id);
            SftpWire.writeBytes(out, data);
        }

        @Override
        public void release() {
            data.release();
        }
    }

    /** SSH_FXP_NAME (draft-02 §7). */
    record Name(int id, List<NameEntry> entries) implements Reply {
        public Name {
            entries = List.copyOf(entries);
        }

        @Override
        public int type() {
            return NAME;
        }

        public static Name decode(int id, ByteBuf in) {
            int count = SftpWire.readUint32(in, "count");
            // Each entry takes at least 12 bytes (two empty strings and a flags word).
            if (count < 0 || count > MAX_NAMES || count > in.readableBytes() / 12) {
                throw new SftpDecodeException("name count " + Integer.toUnsignedString(count) + " over its limit");
            }
            NameEntry[] entries = new NameEntry[count];
            for (int i = 0; i < count; i++) {
                entries[i] = new NameEntry(SftpWire.readUtf8(in, "filename"), SftpWire.readUtf8(in, "longname"),
                        FileAttributes.decode(in));
            }
            return new Name(id, List.of(entries));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(NAME);
            out.writeInt(id);
            out.writeInt(entries.size());
            for (NameEntry entry : entries) {
                SftpWire.writeUtf8(out, entry.filename());
                SftpWire.writeUtf8(out, entry.longname());
                entry.attributes().encode(out);
            }
        }
    }

    /** SSH_FXP_ATTRS (draft-02 §7). */
    record Attrs(int id, FileAttributes attributes) implements Reply {
        @Override
        public int type() {
            return ATTRS;
        }

        public static Attrs decode(int id, ByteBuf in) {
            return new Attrs(id, FileAttributes.decode(in));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(ATTRS);
            out.writeInt(id);
            attributes.encode(out);
        }
    }

    /** §8: the reply to an extended request; {@code data} is its request-specific body. */
    record ExtendedReply(int id, ByteBuf data) implements Reply {
        @Override
        public int type() {
            return EXTENDED_REPLY;
        }

        public static ExtendedReply decode(int id, ByteBuf in) {
            return new ExtendedReply(id, in.readRetainedSlice(in.readableBytes()));
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(EXTENDED_REPLY);
            out.writeInt(id);
            out.writeBytes(data, data.readerIndex(), data.readableBytes());
        }

        @Override
        public void release() {
            data.release();
        }
    }
}
