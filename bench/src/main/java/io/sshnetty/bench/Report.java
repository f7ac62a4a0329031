package io.sshnetty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/performance.md: the tool replaces what lies between its two markers and leaves the rest — the
 * hand-written analysis — alone; a missing file is created with the markers.
 */
public final class Report {
    public static final String START = "<!-- bench:results:start (written by sshnetty-bench; do not edit by hand) -->";
    public static final String END = "<!-- bench:results:end -->";

    private Report() {
    }

    public static void write(Path file, String results) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : "# Performance\n\n" + START + "\n" + END + "\n";
        Files.writeString(file, replace(existing, results));
    }

    static String replace(String document, String results) {
        int start = document.indexOf(START);
        int end = document.indexOf(END);
        if (start < 0 || end < start) {
            return document + "\n" + START + "\n" + results + END + "\n";
        }
        return document.substring(0, start + START.length()) + "\n" + results + document.substring(end);
    }
}
