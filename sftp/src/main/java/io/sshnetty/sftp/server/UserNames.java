package io.sshnetty.sftp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Numeric user and group ids to names for users-groups-by-id@openssh.com, from the host's
 * {@code /etc/passwd} and {@code /etc/group} (read at most once a minute, at most 1 MiB each); unknown
 * ids map to null, which SFTP answers as "" as OpenSSH's sftp-server does.
 */
final class UserNames implements IdNames {
    private static final long MAX_FILE_SIZE = 1024 * 1024;
    private static final long REFRESH_MILLIS = 60_000;

    private Map<Integer, String> users = Map.of();
    private Map<Integer, String> groups = Map.of();
    private long readAt = Long.MIN_VALUE / 2;

    @Override
    public synchronized String user(int uid) {
        refresh();
        return users.get(uid);
    }

    @Override
    public synchronized String group(int gid) {
        refresh();
        return groups.get(gid);
    }

    private void refresh() {
        long now = System.currentTimeMillis();
        if (now - readAt < REFRESH_MILLIS) {
            return;
        }
        readAt = now;
        users = parse(Path.of("/etc/passwd"));
        groups = parse(Path.of("/etc/group"));
    }

    /** name:password:id:… lines. */
    private static Map<Integer, String> parse(Path file) {
        Map<Integer, String> names = new HashMap<>();
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                return names;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", 4);
                if (fields.length >= 3) {
                    try {
                        names.putIfAbsent(Integer.parseUnsignedInt(fields[2]), fields[0]);
                    } catch (NumberFormatException ignored) {
                        // not an entry
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return names;
        }
        return names;
    }
}
