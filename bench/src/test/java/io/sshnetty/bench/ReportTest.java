package io.sshnetty.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static Results sample() {
        Results results = new Results();
        Map<ServerKind, Double> rate = new EnumMap<>(ServerKind.class);
        rate.put(ServerKind.MINA, 300.0);
        rate.put(ServerKind.SSHNETTY, 450.0);
        results.add("handshake", "curve25519-sha256, concurrency 64: connections/s", "1/s", true, rate, "≥ 1.5× MINA", true);
        Map<ServerKind, Double> cpu = new EnumMap<>(ServerKind.class);
        cpu.put(ServerKind.SSHD, 40.0);
        cpu.put(ServerKind.MINA, 4.0);
        cpu.put(ServerKind.SSHNETTY, 3.0);
        results.add("handshake", "server CPU per handshake", "ms", false, cpu, "≤ ½ MINA", false);
        results.note("a <note>");
        return results;
    }

    @Test
    void tableHasEveryServerTheRatiosAndTheTargets() {
        String tables = ReportWriter.tables(sample());
        assertTrue(tables.contains("| curve25519-sha256, concurrency 64: connections/s | 1/s | – | 300 | 450 | 1.50 | – | ≥ 1.5× MINA | yes |"), tables);
        assertTrue(tables.contains("| server CPU per handshake | ms | 40 | 4 | 3 | 0.75 | 0.08 | ≤ ½ MINA | **no** |"), tables);
        assertTrue(tables.contains("- a <note>"));
    }

    @Test
    void advantageIsAboveOneWhenSshnettyIsBetterInEitherDirection() {
        Results.Row rate = sample().rows().get(0);
        Results.Row cpu = sample().rows().get(1);
        assertEquals(1.5, rate.advantage(ServerKind.MINA), 1e-9);
        assertEquals(4.0 / 3.0, cpu.advantage(ServerKind.MINA), 1e-9);
        assertTrue(Double.isNaN(rate.advantage(ServerKind.SSHD)));
    }

    @Test
    void chartIsWellFormedSvgWithABarPerComparison() throws Exception {
        String svg = SvgChart.draw(sample(), "title & <more>");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        // two rows: one bar against MINA each, and one against sshd for the CPU row; plus the background
        assertEquals(1 + 3, document.getElementsByTagName("rect").getLength());
    }

    @Test
    void resultsReplaceOnlyTheMarkedSection() {
        String document = "# Performance\n\nintro\n\n" + Report.START + "\nold figures\n" + Report.END + "\n\n## Analysis\nkept\n";
        String replaced = Report.replace(document, "new figures\n");
        assertEquals("# Performance\n\nintro\n\n" + Report.START + "\nnew figures\n" + Report.END + "\n\n## Analysis\nkept\n", replaced);
        assertTrue(Report.replace("no markers\n", "x\n").endsWith(Report.START + "\nx\n" + Report.END + "\n"));
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertEquals("1060", ReportWriter.number(1060.4));
        assertEquals("51.2", ReportWriter.number(51.234));
        assertEquals("5.70", ReportWriter.number(5.7));
        assertEquals("–", ReportWriter.number(null));
        assertEquals("–", ReportWriter.number(Double.NaN));
    }

    @Test
    void resultsSurviveTheirTsvAndLaterRowsReplaceEarlierOnes() {
        Results first = Results.fromTsv(sample().toTsv());
        assertEquals(sample().rows(), first.rows());
        assertEquals(sample().notes(), first.notes());
        Results later = new Results();
        Map<ServerKind, Double> cpu = new EnumMap<>(ServerKind.class);
        cpu.put(ServerKind.SSHNETTY, 1.0);
        later.add("handshake", "server CPU per handshake", "ms", false, cpu, "", null);
        first.merge(later);
        assertEquals(2, first.rows().size());
        assertEquals(1.0, first.rows().get(1).value(ServerKind.SSHNETTY));
        assertEquals(4.0, first.rows().get(1).value(ServerKind.MINA), "a later run keeps the other servers' values");
        assertEquals(true, first.rows().get(1).targetMet(), "the target is judged again on the merged values");
    }

    @Test
    void targetsAreJudgedOnTheValuesTheyNeed() {
        Map<String, Double> values = new java.util.HashMap<>();
        values.put(ServerKind.SSHNETTY.label(), 150.0);
        assertEquals(null, Targets.met("≥ 1.5× MINA", values));
        values.put(ServerKind.MINA.label(), 100.0);
        assertEquals(true, Targets.met("≥ 1.5× MINA", values));
        assertEquals(false, Targets.met("≤ ½ MINA", values));
        assertEquals(null, Targets.met("≥ MINA and sshd", values));
        values.put(ServerKind.SSHD.label(), 120.0);
        assertEquals(true, Targets.met("≥ MINA and sshd", values));
        assertEquals(false, Targets.met("≥ sshd and ≥ 1.5× MINA", Map.of(ServerKind.SSHNETTY.label(), 149.0,
                ServerKind.MINA.label(), 100.0, ServerKind.SSHD.label(), 10.0)));
        assertEquals(null, Targets.met("", values));
    }
}
