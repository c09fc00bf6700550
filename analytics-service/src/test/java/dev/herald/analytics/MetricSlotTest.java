package dev.herald.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.herald.events.PublishResult;

class MetricSlotTest {

    private static final Instant PUBLISHED = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void shouldWaitTheBaseBeforeAskingAgainWhenTheFirstRequestFailed() {
        MetricSlot slot = slot();
        Instant now = PUBLISHED.plus(Duration.ofMinutes(15));
        // attempts is 0 here (the claim increments it in SQL): the first failure waits the base, 1 min.
        slot.failed("platform_error", 2, Duration.ofMinutes(1), now);
        assertEquals(MetricSlot.PENDING, slot.state());
        assertEquals(now.plus(Duration.ofMinutes(1)), slot.dueAt());
        assertTrue(slot.isOpen());
    }

    @Test
    void shouldPushTheSlotToTheRetryTimeWhenRateLimited() {
        MetricSlot slot = slot();
        Instant retryAt = PUBLISHED.plus(Duration.ofHours(2));
        slot.rateLimited(retryAt, "rate_limited", PUBLISHED);
        assertEquals(MetricSlot.PENDING, slot.state());
        assertEquals(retryAt, slot.dueAt());
        assertEquals("rate_limited", slot.lastError());
    }

    @Test
    void shouldAwaitNoReportWhenNotRequested() {
        MetricSlot slot = slot();
        assertFalse(slot.awaits(slot.id() + ":1"), "a pending slot has no request out");
        slot.unsupported("metrics_unsupported", PUBLISHED);
        assertFalse(slot.isOpen());
    }

    private static MetricSlot slot() {
        PublishRecord record = PublishRecord.from(new PublishResult(
                "ws_1",
                "post_1",
                "dest_1",
                "acct_1",
                "x",
                PublishResult.PUBLISHED,
                "sbx_1",
                null,
                null,
                null,
                1,
                PUBLISHED,
                null,
                PUBLISHED));
        return MetricSlot.forPost(record, new CollectionSchedule.Slot("15m", PUBLISHED.plusSeconds(900)), PUBLISHED);
    }
}
