package io.sshnetty.sftp.server;

/**
 * Names for numeric user and group ids, as SFTP shows them: in users-groups-by-id@openssh.com replies
 * and in the owner and group columns of READDIR's long names. The application chooses whom its users
 * may see named; {@link #none()}, the default, names no one, so a confined user does not learn the
 * host's account names.
 */
public interface IdNames {
    /** The name of user {@code uid}, or null when it has none to show (the number is shown instead). */
    String user(int uid);

    /** The name of group {@code gid}, or null when it has none to show. */
    String group(int gid);

    /** Names no one: every id is shown as its number, and users-groups-by-id answers "". */
    static IdNames none() {
        return new IdNames() {
            @Override
            public String user(int uid) {
                return null;
            }

            @Override
            public String group(int gid) {
                return null;
            }
        };
    }

    /** The host's accounts, from {@code /etc/passwd} and {@code /etc/group} (read at most once a minute). */
    static IdNames hostAccounts() {
        return new UserNames();
    }
}
