package io.sshnetty.bench;

import java.util.List;
import java.util.Locale;

/**
 * The chart beside docs/performance.md: for every row, how many times better sshnetty is than MINA SSHD
 * and than OpenSSH's sshd (whatever the direction of the metric, right of the 1× line is better), on a
 * logarithmic axis so that 2× better and 2× worse are the same length.
 */
public final class SvgChart {
    private static final int LABEL_WIDTH = 560;
    private static final int PLOT_WIDTH = 420;
    private static final int ROW_HEIGHT = 22;
    private static final int TOP = 50;
    /** The axis spans 1/16× to 16×; bars beyond are clipped at the edge. */
    private static final double MAX_LOG2 = 4;

    private SvgChart() {
    }

    public static String draw(Results results, String title) {
        List<Results.Row> rows = results.rows().stream()
                .filter(row -> !Double.isNaN(row.advantage(ServerKind.MINA)) || !Double.isNaN(row.advantage(ServerKind.SSHD)))
                .toList();
        int height = TOP + rows.size() * ROW_HEIGHT + 60;
        int width = LABEL_WIDTH + PLOT_WIDTH + 40;
        double centre = LABEL_WIDTH + PLOT_WIDTH / 2.0;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">\n", width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>\n", escape(title)));
        svg.append("<text x=\"10\" y=\"38\">sshnetty's advantage (right of 1× is better for sshnetty, log scale):"
                + " <tspan fill=\"#1f77b4\">■ over MINA SSHD</tspan> <tspan fill=\"#ff7f0e\">■ over OpenSSH sshd</tspan></text>\n");
        for (int tick = (int) -MAX_LOG2; tick <= MAX_LOG2; tick++) {
            double x = centre + tick / MAX_LOG2 * PLOT_WIDTH / 2;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n",
                    x, TOP - 4, x, TOP + rows.size() * ROW_HEIGHT, tick == 0 ? "black" : "#dddddd"));
            String label = tick >= 0 ? (1 << tick) + "×" : "1/" + (1 << -tick) + "×";
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    x, TOP + rows.size() * ROW_HEIGHT + 14, label));
        }
        int y = TOP;
        for (Results.Row row : rows) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    LABEL_WIDTH - 6, y + 14, escape(row.section() + ": " + row.name())));
            bar(svg, centre, y + 3, row.advantage(ServerKind.MINA), "#1f77b4");
            bar(svg, centre, y + 11, row.advantage(ServerKind.SSHD), "#ff7f0e");
            y += ROW_HEIGHT;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, double centre, int y, double advantage, String colour) {
        if (Double.isNaN(advantage) || Double.isInfinite(advantage) || advantage <= 0) {
            return;
        }
        double log2 = Math.max(-MAX_LOG2, Math.min(MAX_LOG2, Math.log(advantage) / Math.log(2)));
        double length = Math.abs(log2) / MAX_LOG2 * PLOT_WIDTH / 2;
        double x = log2 >= 0 ? centre : centre - length;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"7\" fill=\"%s\">"
                + "<title>%.2f×</title></rect>\n", x, y, Math.max(length, 0.5), colour, advantage));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
