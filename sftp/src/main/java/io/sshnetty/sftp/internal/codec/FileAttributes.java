package io.sshnetty.sftp.internal.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attribute block of draft-ietf-secsh-filexfer-02 §5: each field is present or absent ({@code null}),
 * and the flags word on the wire says which. Times are seconds since the epoch (uint32);
 * {@code permissions} is the whole POSIX {@code st_mode}, file type bits included, as OpenSSH sends it.
 *
 * @param size        file size in bytes (SSH_FILEXFER_ATTR_SIZE)
 * @param uid         owner's numeric id (SSH_FILEXFER_ATTR_UIDGID, present together with {@code gid})
 * @param gid         group's numeric id
 * @param permissions mode bits (SSH_FILEXFER_ATTR_PERMISSIONS)
 * @param atime       access time (SSH_FILEXFER_ATTR_ACMODTIME, present together with {@code mtime})
 * @param mtime       modification time
 * @param extended    extended attributes, type → data (held as ISO-8859-1 text), in wire order
 */
public record FileAttributes(Long size, Integer uid, Integer gid, Integer permissions, Long atime, Long mtime,
        Map<String, String> extended) {
    public static final int SIZE = 0x00000001;
    public static final int UIDGID = 0x00000002;
    public static final int PERMISSIONS = 0x00000004;
    public static final int ACMODTIME = 0x00000008;
    public static final int EXTENDED = 0x80000000;
    /** Extended attribute pairs beyond this many are refused: a packet cannot make us hold a large map. */
    public static final int MAX_EXTENDED = 64;

    /** No attribute at all (flags 0). */
    public static final FileAttributes EMPTY = new FileAttributes(null, null, null, null, null, null, Map.of());

    public FileAttributes {
        if ((uid == null) != (gid == null)) {
            throw new IllegalArgumentException("uid and gid come together");
        }
        if ((atime == null) != (mtime == null)) {
            throw new IllegalArgumentException("atime and mtime come together");
        }
        extended = extended == null || extended.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extended));
    }

    public FileAttributes withSize(Long newSize) {
        return new FileAttributes(newSize, uid, gid, permissions, atime, mtime, extended);
    }

    public FileAttributes withOwner(Integer newUid, Integer newGid) {
        return new FileAttributes(size, newUid, newGid, permissions, atime, mtime, extended);
    }

    public FileAttributes withPermissions(Integer newPermissions) {
        return new FileAttributes(size, uid, gid, newPermissions, atime, mtime, extended);
    }

    public FileAttributes withTimes(Long newAtime, Long newMtime) {
        return new FileAttributes(size, uid, gid, permissions, newAtime, newMtime, extended);
    }

    /** The flags word these fields make. */
    public int flags() {
        return (size != null ? SIZE : 0) | (uid != null ? UIDGID : 0) | (permissions != null ? PERMISSIONS : 0)
                | (atime != null ? ACMODTIME : 0) | (extended.isEmpty() ? 0 : EXTENDED);
    }

    /** Reads an attribute block (draft-02 §5); unknown flag bits are a decode error. */
    public static FileAttributes decode(ByteBuf in) {
        int flags = SftpWire.readUint32(in, "attribute flags");
        if ((flags & ~(SIZE | UIDGID | PERMISSIONS | ACMODTIME | EXTENDED)) != 0) {
            throw new SftpDecodeException("unknown attribute flags 0x" + Integer.toHexString(flags));
        }
        Long size = (flags & SIZE) != 0 ? SftpWire.readUint64(in, "size") : null;
        Integer uid = null;
        Integer gid = null;
        if ((flags & UIDGID) != 0) {
            uid = SftpWire.readUint32(in, "uid");
            gid = SftpWire.readUint32(in, "gid");
        }
        Integer permissions = (flags & PERMISSIONS) != 0 ? SftpWire.readUint32(in, "permissions") : null;
        Long atime = null;
        Long mtime = null;
        if ((flags & ACMODTIME) != 0) {
            atime = Integer.toUnsignedLong(SftpWire.readUint32(in, "atime"));
            mtime = Integer.toUnsignedLong(SftpWire.readUint32(in, "mtime"));
        }
        Map<String, String> extended = Map.of();
        if ((flags & EXTENDED) != 0) {
            int count = SftpWire.readUint32(in, "extended count");
            if (count < 0 || count > MAX_EXTENDED) {
                throw new SftpDecodeException("extended attribute count " + Integer.toUnsignedString(count)
                        + " over its limit " + MAX_EXTENDED);
            }
            Map<String, String> pairs = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String type = SftpWire.readUtf8(in, "extended type");
                int length = SftpWire.readLength(in, SftpWire.MAX_NAME_LENGTH, "extended data");
                pairs.put(type, in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString());
            }
            extended = pairs;
        }
        return new FileAttributes(size, uid, gid, permissions, atime, mtime, extended);
    }

    public void encode(ByteBuf out) {
        out.writeInt(flags());
        if (size != null) {
            out.writeLong(size);
        }
        if (uid != null) {
            out.writeInt(uid);
            out.writeInt(gid);
        }
        if (permissions != null) {
            out.writeInt(permissions);
        }
        if (atime != null) {
            out.writeInt((int) (long) atime);
            out.writeInt((int) (long) mtime);
        }
        if (!extended.isEmpty()) {
            out.writeInt(extended.size());
            for (Map.Entry<String, String> pair : extended.entrySet()) {
                SftpWire.writeUtf8(out, pair.getKey());
                out.writeInt(pair.getValue().length());
                out.writeCharSequence(pair.getValue(), StandardCharsets.ISO_8859_1);
            }
        }
    }
}
