package io.sshnetty.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {
    @Test
    void percentileIsTheNearestRank() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // 100 .. 1, unsorted on purpose
        }
        assertEquals(50, Stats.percentile(values, 50));
        assertEquals(99, Stats.percentile(values, 99));
        assertEquals(100, Stats.percentile(values, 100));
        assertEquals(1, Stats.percentile(values, 0.5));
    }

    @Test
    void percentileOfFewValuesIsOneOfThem() {
        assertEquals(7, Stats.percentile(new double[] {7}, 99));
        assertEquals(3, Stats.percentile(new double[] {3, 9}, 50));
        assertEquals(9, Stats.percentile(new double[] {3, 9}, 99));
        assertTrue(Double.isNaN(Stats.percentile(new double[0], 50)));
    }

    @Test
    void percentileOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[] {1}, 101));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2, Stats.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }
}
