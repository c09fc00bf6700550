package dev.herald.analytics.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class DelayHistogramTest {

    @Test
    void shouldInterpolateLikePercentileContWhenTheValuesAreDistinct() {
        var histogram = new DelayHistogram(List.of(
                new DelayHistogram.Bucket(10, 1),
                new DelayHistogram.Bucket(20, 1),
                new DelayHistogram.Bucket(30, 1),
                new DelayHistogram.Bucket(40, 1)));

        assertEquals(4, histogram.count());
        assertEquals(25.0, histogram.percentile(0.5));
        assertEquals(38.5, histogram.percentile(0.95));
    }

    @Test
    void shouldCountEachValueAsOftenAsItsBucketSaysWhenValuesRepeat() {
        // expanded: 1, 1, 1, 2, 2, 9 -> median between index 2 (1) and 3 (2); p95 at 4.75 -> 2 + 0.75 × 7
        var histogram = new DelayHistogram(List.of(
                new DelayHistogram.Bucket(1, 3), new DelayHistogram.Bucket(2, 2), new DelayHistogram.Bucket(9, 1)));

        assertEquals(1.5, histogram.percentile(0.5));
        assertEquals(7.25, histogram.percentile(0.95));
    }

    @Test
    void shouldAnswerTheOnlyValueWhenThereIsOneDelay() {
        var histogram = new DelayHistogram(List.of(new DelayHistogram.Bucket(0.37, 1)));

        assertEquals(0.37, histogram.percentile(0.5));
        assertEquals(0.37, histogram.percentile(0.95));
    }
}
