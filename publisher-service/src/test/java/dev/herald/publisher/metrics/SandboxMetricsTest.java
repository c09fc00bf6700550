package dev.herald.publisher.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.herald.events.MetricsReport;
import dev.herald.publisher.connector.sandbox.SandboxMetrics;

/** The sandbox's metrics formula, computed by hand ("sbx_1".hashCode() = 109242747, so its base is 100 + 47). */
class SandboxMetricsTest {

    private static final Instant PUBLISHED = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void shouldGrowByTheBaseEveryWholeHourWhenAPostAges() {
        MetricsReport.Values values = SandboxMetrics.post("sbx_1", PUBLISHED, Instant.parse("2026-11-20T13:59:59Z"));
        assertEquals(147 * 4, values.impressions());
        assertEquals(470, values.reach());
        assertEquals(29, values.likes());
        assertEquals(5, values.comments());
        assertEquals(11, values.shares());
        assertEquals(2, values.saves());
        assertEquals(14, values.clicks());
        assertNull(values.videoViews());
        assertNull(values.followers());
    }

    @Test
    void shouldStopGrowingAfterThirtyDaysWhenAPostIsOld() {
        assertEquals(
                147 * 721,
                SandboxMetrics.post("sbx_1", PUBLISHED, Instant.parse("2027-01-20T10:00:00Z"))
                        .impressions());
    }

    @Test
    void shouldGainTenFollowersADayWhenAnAccountAges() {
        // "acct_1".hashCode() = -1423447291; floorMod(…, 1000) = 709.
        MetricsReport.Values values = SandboxMetrics.account(
                "acct_1", Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-23T12:30:00Z"));
        assertEquals(1709 + 30, values.followers());
        assertNull(values.impressions());
    }
}
