package io.sshnetty.sftp.server;

import io.sshnetty.sftp.internal.codec.FileAttributes;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Long names as OpenSSH's sftp-server writes them (observed: "-rw-r--r--    1 root     root  89 Nov 23 18:38 x"). */
class LongNamesTest {
    private static final long NOW = 1_763_923_080L; // 2025-11-23T18:38:00Z

    private static FileStatus status(int mode, long size, long mtime, int links, String owner, String group) {
        return new FileStatus(new FileAttributes(size, 0, 0, mode, mtime, mtime, Map.of()), links, owner, group);
    }

    @Test
    void recentFilesShowTheTime() {
        assertEquals("-rw-r--r--    1 root     root           89 Nov 23 18:38 ssh_host_ed25519_key.pub",
                LongNames.format("ssh_host_ed25519_key.pub", status(0100644, 89, NOW, 1, "root", "root"), NOW, ZoneOffset.UTC));
    }

    @Test
    void olderAndFutureFilesShowTheYear() {
        long old = NOW - 200L * 24 * 3600;
        assertEquals("drwxr-xr-x    4 alice    staff        4096 May  7  2025 docs",
                LongNames.format("docs", status(040755, 4096, old, 4, "alice", "staff"), NOW, ZoneOffset.UTC));
        assertEquals("-rw-------    1 bob      bob             0 Nov 24  2025 later",
                LongNames.format("later", status(0100600, 0, NOW + 86400, 1, "bob", "bob"), NOW, ZoneOffset.UTC));
    }

    @Test
    void longOwnerNamesWidenTheirColumn() {
        assertEquals("lrwxrwxrwx    1 averylongname group           4 Nov 23 18:38 l",
                LongNames.format("l", status(0120777, 4, NOW, 1, "averylongname", "group"), NOW, ZoneOffset.UTC));
    }

    @Test
    void specialBitsShowAsOpenSshShowsThem() {
        assertEquals("-rwsr-sr-t ", LongNames.mode(0107755));
        assertEquals("-rwSr-Sr-T ", LongNames.mode(0107644));
        assertEquals("prw-r--r-- ", LongNames.mode(010644));
    }
}
