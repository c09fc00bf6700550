package dev.herald.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Millisecond samples printed as p50 / p99 / max (nearest rank). */
final class Samples {

    private Samples() {}

    static void report(String what, List<Long> millis) {
        if (millis.isEmpty()) {
            System.out.printf("  %s: no samples%n", what);
            return;
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(
                "  %s (ms, n=%,d): p50 %d, p99 %d, max %d%n",
                what, sorted.size(), percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
