package io.sshnetty.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and medians of measured values. */
public final class Stats {
    private Stats() {
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code percent}% of the values at or
     * below it. {@code NaN} for no values.
     */
    public static double percentile(double[] values, double percent) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percentile " + percent + " is not in (0, 100]");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The median; the mean of the middle two for an even count. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
