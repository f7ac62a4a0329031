package io.sshnetty.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every figure of one run: rows of one measurement on each server, grouped in sections. */
public final class Results {
    /** The servers, in the order of the table's columns. */
    public static final List<String> SERVERS = List.of(ServerKind.SSHD.label(), ServerKind.MINA.label(), ServerKind.SSHNETTY.label());

    /**
     * One measurement on each server.
     *
     * @param section        the table it belongs to (handshake, bulk, …)
     * @param name           what was measured, e.g. "curve25519-sha256, concurrency 32: connections/s"
     * @param unit           the unit of the values
     * @param higherIsBetter whether a larger value is better (throughput) or worse (latency, CPU, memory)
     * @param values         server label to value; a missing server was not measured
     * @param target         the target for this row as text, or empty
     * @param targetMet      whether it is met; null when there is no target or a value is missing
     */
    public record Row(String section, String name, String unit, boolean higherIsBetter, Map<String, Double> values,
                      String target, Boolean targetMet) {
        public Double value(ServerKind server) {
            return values.get(server.label());
        }

        /** sshnetty's value over {@code other}'s, or NaN. */
        public double ratio(ServerKind other) {
            Double ours = value(ServerKind.SSHNETTY);
            Double theirs = value(other);
            return ours == null || theirs == null || theirs == 0 ? Double.NaN : ours / theirs;
        }

        /** How many times better sshnetty is than {@code other} (> 1 is better, whatever the direction). */
        public double advantage(ServerKind other) {
            double ratio = ratio(other);
            return higherIsBetter ? ratio : 1 / ratio;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public synchronized void add(Row row) {
        rows.add(row);
    }

    /** Adds a row without a target. */
    public void add(String section, String name, String unit, boolean higherIsBetter, Map<ServerKind, Double> values) {
        add(section, name, unit, higherIsBetter, values, "", null);
    }

    public void add(String section, String name, String unit, boolean higherIsBetter, Map<ServerKind, Double> values,
                    String target, Boolean met) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        values.forEach((server, value) -> {
            if (value != null && !value.isNaN()) {
                byLabel.put(server.label(), value);
            }
        });
        add(new Row(section, name, unit, higherIsBetter, byLabel, target, met));
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The rows and notes as tab-separated lines, so that a comparison taken in several runs (each short
     * enough to hold the build lock) can be written as one table: {@code --append} loads them back.
     */
    public synchronized String toTsv() {
        StringBuilder out = new StringBuilder();
        for (Row row : rows) {
            out.append(String.join("\t", row.section(), row.name(), row.unit(), Boolean.toString(row.higherIsBetter()),
                    row.target(), String.valueOf(row.targetMet())));
            for (String server : SERVERS) {
                Double value = row.values().get(server);
                out.append('\t').append(value == null ? "" : value.toString());
            }
            out.append('\n');
        }
        notes.forEach(note -> out.append("#note\t").append(note.replace('\n', ' ')).append('\n'));
        return out.toString();
    }

    /** Reads {@link #toTsv()}'s lines back; a row of the same section and name is replaced by a later one. */
    public static Results fromTsv(String tsv) {
        Results results = new Results();
        for (String line : tsv.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields[0].equals("#note")) {
                results.note(fields[1]);
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 0; i < SERVERS.size(); i++) {
                if (!fields[6 + i].isEmpty()) {
                    values.put(SERVERS.get(i), Double.parseDouble(fields[6 + i]));
                }
            }
            Boolean met = fields[5].equals("null") ? null : Boolean.valueOf(fields[5]);
            results.add(new Row(fields[0], fields[1], fields[2], Boolean.parseBoolean(fields[3]), values, fields[4], met));
        }
        return results;
    }

    /**
     * Adds {@code later}'s rows and notes: a row of the same section and name takes the later run's
     * values server by server and keeps the others, and its target is judged again on the merged values.
     */
    public synchronized void merge(Results later) {
        for (Row row : later.rows()) {
            int index = -1;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).section().equals(row.section()) && rows.get(i).name().equals(row.name())) {
                    index = i;
                }
            }
            if (index < 0) {
                rows.add(row);
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>(rows.get(index).values());
            values.putAll(row.values());
            String target = row.target().isEmpty() ? rows.get(index).target() : row.target();
            rows.set(index, new Row(row.section(), row.name(), row.unit(), row.higherIsBetter(), values, target,
                    Targets.met(target, values)));
        }
        notes.addAll(later.notes());
    }
}
