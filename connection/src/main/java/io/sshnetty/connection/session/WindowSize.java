package io.sshnetty.connection.session;

/** A terminal's size from "pty-req" or "window-change" (RFC 4254 §6.2, §6.7). */
public record WindowSize(int columns, int rows, int widthPixels, int heightPixels) {
}
