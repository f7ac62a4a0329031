package io.sshnetty.sftp.internal.codec;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * The extended requests OpenSSH's sftp-server serves (OpenSSH's PROTOCOL file, "sftp" sections, and
 * draft-ietf-secsh-filexfer-extensions for copy-data and home-directory): their names, and their payloads
 * — the bytes after the request name of an {@link SftpPacket.Extended} — and reply bodies
 * ({@link SftpPacket.ExtendedReply}) as records with {@code decode}/{@code encode}.
 */
public final class Extensions {
    public static final String POSIX_RENAME = "posix-rename@openssh.com";
    public static final String STATVFS = "statvfs@openssh.com";
    public static final String FSTATVFS = "fstatvfs@openssh.com";
    public static final String HARDLINK = "hardlink@openssh.com";
    public static final String FSYNC = "fsync@openssh.com";
    public static final String LSETSTAT = "lsetstat@openssh.com";
    public static final String LIMITS = "limits@openssh.com";
    public static final String EXPAND_PATH = "expand-path@openssh.com";
    public static final String COPY_DATA = "copy-data";
    public static final String HOME_DIRECTORY = "home-directory";
    public static final String USERS_GROUPS_BY_ID = "users-groups-by-id@openssh.com";
    /** draft-ietf-secsh-filexfer-extensions-00 §4, as WinSCP and MINA SSHD speak it; not in OpenSSH. */
    public static final String SPACE_AVAILABLE = "space-available";

    /** The list and versions OpenSSH 9's sftp-server announces in its VERSION packet, in its order, then ours. */
    public static final List<SftpPacket.ExtensionPair> ANNOUNCED = List.of(
            new SftpPacket.ExtensionPair(POSIX_RENAME, "1"),
            new SftpPacket.ExtensionPair(STATVFS, "2"),
            new SftpPacket.ExtensionPair(FSTATVFS, "2"),
            new SftpPacket.ExtensionPair(HARDLINK, "1"),
            new SftpPacket.ExtensionPair(FSYNC, "1"),
            new SftpPacket.ExtensionPair(LSETSTAT, "1"),
            new SftpPacket.ExtensionPair(LIMITS, "1"),
            new SftpPacket.ExtensionPair(EXPAND_PATH, "1"),
            new SftpPacket.ExtensionPair(COPY_DATA, "1"),
            new SftpPacket.ExtensionPair(HOME_DIRECTORY, "1"),
            new SftpPacket.ExtensionPair(USERS_GROUPS_BY_ID, "1"),
            new SftpPacket.ExtensionPair(SPACE_AVAILABLE, "1"));

    /** Ids asked for in one users-groups-by-id request beyond this many are refused. */
    public static final int MAX_IDS = 1024;

    private Extensions() {
    }

    /** posix-rename@openssh.com and hardlink@openssh.com: two paths. */
    public record TwoPaths(String oldPath, String newPath) {
        public static TwoPaths decode(ByteBuf in) {
            return new TwoPaths(SftpWire.readUtf8(in, "oldpath"), SftpWire.readUtf8(in, "newpath"));
        }

        public void encode(ByteBuf out) {
            SftpWire.writeUtf8(out, oldPath);
            SftpWire.writeUtf8(out, newPath);
        }
    }

    /** statvfs@openssh.com, expand-path@openssh.com, home-directory (a user name): one string. */
    public record OnePath(String path) {
        public static OnePath decode(ByteBuf in) {
            return new OnePath(SftpWire.readUtf8(in, "path"));
        }

        public void encode(ByteBuf out) {
            SftpWire.writeUtf8(out, path);
        }
    }

    /** fstatvfs@openssh.com and fsync@openssh.com: one handle. */
    public record OneHandle(String handle) {
        public static OneHandle decode(ByteBuf in) {
            return new OneHandle(SftpWire.readHandle(in));
        }

        public void encode(ByteBuf out) {
            SftpWire.writeHandle(out, handle);
        }
    }

    /** lsetstat@openssh.com: SETSTAT that does not follow a final symbolic link. */
    public record PathAndAttributes(String path, FileAttributes attributes) {
        public static PathAndAttributes decode(ByteBuf in) {
            return new PathAndAttributes(SftpWire.readUtf8(in, "path"), FileAttributes.decode(in));
        }

        public void encode(ByteBuf out) {
            SftpWire.writeUtf8(out, path);
            attributes.encode(out);
        }
    }

    /** copy-data: {@code length} 0 copies to the end of the source. */
    public record CopyData(String readHandle, long readOffset, long length, String writeHandle, long writeOffset) {
        public static CopyData decode(ByteBuf in) {
            return new CopyData(SftpWire.readHandle(in), SftpWire.readUint64(in, "read offset"),
                    SftpWire.readUint64(in, "length"), SftpWire.readHandle(in), SftpWire.readUint64(in, "write offset"));
        }

        public void encode(ByteBuf out) {
            SftpWire.writeHandle(out, readHandle);
            out.writeLong(readOffset);
            out.writeLong(length);
            SftpWire.writeHandle(out, writeHandle);
            out.writeLong(writeOffset);
        }
    }

    /** users-groups-by-id@openssh.com request: two strings of packed uint32 ids. */
    public record Ids(List<Integer> uids, List<Integer> gids) {
        public Ids {
            uids = List.copyOf(uids);
            gids = List.copyOf(gids);
        }

        public static Ids decode(ByteBuf in) {
            return new Ids(readIds(in, "uids"), readIds(in, "gids"));
        }

        private static List<Integer> readIds(ByteBuf in, String what) {
            int length = SftpWire.readLength(in, MAX_IDS * 4, what);
            if (length % 4 != 0) {
                throw new SftpDecodeException(what + ": " + length + " bytes is not a list of uint32");
            }
            List<Integer> ids = new ArrayList<>(length / 4);
            for (int i = 0; i < length / 4; i++) {
                ids.add(in.readInt());
            }
            return ids;
        }

        public void encode(ByteBuf out) {
            out.writeInt(uids.size() * 4);
            uids.forEach(out::writeInt);
            out.writeInt(gids.size() * 4);
            gids.forEach(out::writeInt);
        }
    }

    /** users-groups-by-id@openssh.com reply: names in request order, empty where unknown, packed as strings. */
    public record Names(List<String> userNames, List<String> groupNames) {
        public Names {
            userNames = List.copyOf(userNames);
            groupNames = List.copyOf(groupNames);
        }

        public static Names decode(ByteBuf in) {
            return new Names(readNames(in, "usernames"), readNames(in, "groupnames"));
        }

        private static List<String> readNames(ByteBuf in, String what) {
            ByteBuf packed = in.readSlice(SftpWire.readLength(in, Integer.MAX_VALUE, what));
            List<String> names = new ArrayList<>();
            while (packed.isReadable()) {
                if (names.size() == MAX_IDS) {
                    throw new SftpDecodeException(what + ": more than " + MAX_IDS + " names");
                }
                names.add(SftpWire.readUtf8(packed, what));
            }
            return names;
        }

        public void encode(ByteBuf out) {
            writeNames(out, userNames);
            writeNames(out, groupNames);
        }

        private static void writeNames(ByteBuf out, List<String> names) {
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            names.forEach(name -> SftpWire.writeUtf8(out, name));
            out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
        }
    }

    /** limits@openssh.com reply: what this server accepts; 0 where it sets no limit. */
    public record Limits(long maxPacketLength, long maxReadLength, long maxWriteLength, long maxOpenHandles) {
        public static Limits decode(ByteBuf in) {
            return new Limits(SftpWire.readUint64(in, "max-packet-length"), SftpWire.readUint64(in, "max-read-length"),
                    SftpWire.readUint64(in, "max-write-length"), SftpWire.readUint64(in, "max-open-handles"));
        }

        public void encode(ByteBuf out) {
            out.writeLong(maxPacketLength);
            out.writeLong(maxReadLength);
            out.writeLong(maxWriteLength);
            out.writeLong(maxOpenHandles);
        }
    }

    /** space-available reply (its request is a {@link OnePath}): the device's size and free space in bytes. */
    public record SpaceAvailable(long bytesOnDevice, long unusedBytesOnDevice, long bytesAvailableToUser,
            long unusedBytesAvailableToUser, int bytesPerAllocationUnit) {
        public static SpaceAvailable decode(ByteBuf in) {
            return new SpaceAvailable(SftpWire.readUint64(in, "bytes-on-device"), SftpWire.readUint64(in, "unused-bytes-on-device"),
                    SftpWire.readUint64(in, "bytes-available-to-user"), SftpWire.readUint64(in, "unused-bytes-available-to-user"),
                    SftpWire.readUint32(in, "bytes-per-allocation-unit"));
        }

        public void encode(ByteBuf out) {
            out.writeLong(bytesOnDevice);
            out.writeLong(unusedBytesOnDevice);
            out.writeLong(bytesAvailableToUser);
            out.writeLong(unusedBytesAvailableToUser);
            out.writeInt(bytesPerAllocationUnit);
        }
    }

    /** statvfs@openssh.com / fstatvfs@openssh.com reply: the fields of statvfs(3), each a uint64. */
    public record Statvfs(long blockSize, long fragmentSize, long blocks, long freeBlocks, long availableBlocks,
            long files, long freeFiles, long availableFiles, long fileSystemId, long flags, long maxNameLength) {
        /** f_flag bit: mounted read-only. */
        public static final long ST_RDONLY = 0x1;
        /** f_flag bit: no set-user-id. */
        public static final long ST_NOSUID = 0x2;

        public static Statvfs decode(ByteBuf in) {
            long[] f = new long[11];
            for (int i = 0; i < f.length; i++) {
                f[i] = SftpWire.readUint64(in, "statvfs field");
            }
            return new Statvfs(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]);
        }

        public void encode(ByteBuf out) {
            for (long field : new long[] {blockSize, fragmentSize, blocks, freeBlocks, availableBlocks, files, freeFiles,
                    availableFiles, fileSystemId, flags, maxNameLength}) {
                out.writeLong(field);
            }
        }
    }
}
