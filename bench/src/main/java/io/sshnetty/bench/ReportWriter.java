package io.sshnetty.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run's {@link Results} as the Markdown tables of docs/performance.md. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /**
     * The tables, one per section: every server's value, sshnetty's ratio to MINA and to sshd, the target
     * and whether it is met.
     */
    public static String tables(Results results) {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        for (Results.Row row : results.rows()) {
            StringBuilder table = sections.computeIfAbsent(row.section(), section -> new StringBuilder()
                    .append("| ").append(section).append(" | unit | OpenSSH sshd | MINA SSHD | sshnetty | sshnetty/MINA | sshnetty/sshd | target | met |\n")
                    .append("|---|---|--:|--:|--:|--:|--:|---|---|\n"));
            table.append("| ").append(row.name())
                    .append(" | ").append(row.unit())
                    .append(" | ").append(number(row.value(ServerKind.SSHD)))
                    .append(" | ").append(number(row.value(ServerKind.MINA)))
                    .append(" | ").append(number(row.value(ServerKind.SSHNETTY)))
                    .append(" | ").append(ratio(row.ratio(ServerKind.MINA)))
                    .append(" | ").append(ratio(row.ratio(ServerKind.SSHD)))
                    .append(" | ").append(row.target())
                    .append(" | ").append(row.targetMet() == null ? "" : row.targetMet() ? "yes" : "**no**")
                    .append(" |\n");
        }
        StringBuilder out = new StringBuilder();
        sections.values().forEach(table -> out.append(table).append('\n'));
        List<String> notes = results.notes();
        if (!notes.isEmpty()) {
            out.append("Notes from the run:\n\n");
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    /** A value with three significant digits at most, or "–" when it was not measured. */
    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "–";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
