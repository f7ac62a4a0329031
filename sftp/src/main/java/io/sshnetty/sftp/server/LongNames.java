package io.sshnetty.sftp.server;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code longname} of a NAME entry, the line {@code ls -l} would print, as OpenSSH's sftp-server
 * formats it (draft-ietf-secsh-filexfer-02 §7 leaves the format to the server; clients show it as is):
 * {@code -rw-r--r--    1 alice    staff        1234 Nov 23 18:38 notes.txt}. Recent files (the last six
 * months) show the time, older or future ones the year.
 */
final class LongNames {
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd  yyyy", Locale.ROOT);
    private static final long HALF_YEAR_SECONDS = 365L * 24 * 60 * 60 / 2;

    private LongNames() {
    }

    static String format(String name, FileStatus status, long nowSeconds, ZoneId zone) {
        int mode = status.attributes().permissions() == null ? 0 : status.attributes().permissions();
        long mtime = status.attributes().mtime() == null ? 0 : status.attributes().mtime();
        long size = status.attributes().size() == null ? 0 : status.attributes().size();
        ZonedDateTime time = Instant.ofEpochSecond(mtime).atZone(zone);
        String date = (nowSeconds - HALF_YEAR_SECONDS < mtime && nowSeconds >= mtime ? RECENT : OLD).format(time);
        return String.format(Locale.ROOT, "%s %3d %-8s %-8s %8d %s %s", mode(mode), status.links(), status.owner(),
                status.group(), size, date, name);
    }

    /** The mode as {@code ls} shows it: type, three permission triplets, and a trailing space (no ACL mark). */
    static String mode(int mode) {
        StringBuilder text = new StringBuilder(11);
        switch (mode & FileStatus.S_IFMT) {
            case FileStatus.S_IFDIR: text.append('d'); break;
            case FileStatus.S_IFLNK: text.append('l'); break;
            case FileStatus.S_IFCHR: text.append('c'); break;
            case FileStatus.S_IFBLK: text.append('b'); break;
            case FileStatus.S_IFIFO: text.append('p'); break;
            case FileStatus.S_IFSOCK: text.append('s'); break;
            default: text.append('-');
        }
        triplet(text, mode >> 6, (mode & 04000) != 0, 's');
        triplet(text, mode >> 3, (mode & 02000) != 0, 's');
        triplet(text, mode, (mode & 01000) != 0, 't');
        return text.append(' ').toString();
    }

    private static void triplet(StringBuilder text, int bits, boolean special, char specialLetter) {
        text.append((bits & 4) != 0 ? 'r' : '-');
        text.append((bits & 2) != 0 ? 'w' : '-');
        if (special) {
            text.append((bits & 1) != 0 ? specialLetter : Character.toUpperCase(specialLetter));
        } else {
            text.append((bits & 1) != 0 ? 'x' : '-');
        }
    }
}
