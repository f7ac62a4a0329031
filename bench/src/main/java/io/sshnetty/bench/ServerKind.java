package io.sshnetty.bench;

/** The servers compared. */
public enum ServerKind {
    SSHD("OpenSSH sshd"),
    MINA("Apache MINA SSHD"),
    SSHNETTY("sshnetty");

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
