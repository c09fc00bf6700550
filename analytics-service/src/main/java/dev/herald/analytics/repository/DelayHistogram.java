package dev.herald.analytics.repository;

import java.util.List;

/**
 * Delays as (value, count) pairs in ascending order, with percentiles computed exactly as PostgreSQL's
 * {@code percentile_cont} would over the expanded list: position p × (n − 1), linear between its two neighbours.
 */
record DelayHistogram(List<Bucket> buckets) {

    record Bucket(double seconds, long count) {}

    long count() {
        return buckets.stream().mapToLong(Bucket::count).sum();
    }

    double percentile(double p) {
        long n = count();
        if (n == 0) {
            throw new IllegalStateException("no delay to take a percentile of");
        }
        double position = p * (n - 1);
        long lower = (long) Math.floor(position);
        double fraction = position - lower;
        double below = valueAt(lower);
        double value = fraction == 0 ? below : below + fraction * (valueAt(lower + 1) - below);
        // to the millisecond: 0.95 × 3 is 2.8499999999999996 in binary, and 38.499999999999996 s helps no one
        return Math.round(value * 1000) / 1000.0;
    }

    /** The value at a 0-based index of the expanded, sorted list. */
    private double valueAt(long index) {
        long seen = 0;
        for (Bucket bucket : buckets) {
            seen += bucket.count();
            if (index < seen) {
                return bucket.seconds();
            }
        }
        return buckets.get(buckets.size() - 1).seconds();
    }
}
