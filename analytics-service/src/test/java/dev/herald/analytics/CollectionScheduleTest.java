package dev.herald.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CollectionScheduleTest {

    @Test
    void shouldLabelAndTimeEachSlotWhenGivenTheDefaultSchedule() {
        var schedule = new CollectionSchedule(List.of(
                Duration.ofDays(30),
                Duration.ofMinutes(15),
                Duration.ofHours(1),
                Duration.ofHours(6),
                Duration.ofHours(24),
                Duration.ofDays(3),
                Duration.ofDays(7)));
        Instant published = Instant.parse("2026-03-28T23:50:00Z");
        var slots = schedule.forPost(published);
        assertEquals(
                List.of("15m", "1h", "6h", "24h", "3d", "7d", "30d"),
                slots.stream().map(CollectionSchedule.Slot::label).toList());
        assertEquals(Instant.parse("2026-03-29T00:05:00Z"), slots.get(0).dueAt());
        assertEquals(Instant.parse("2026-04-27T23:50:00Z"), slots.get(6).dueAt());
    }

    @Test
    void shouldNameTheUtcDayWhenOpeningAnAccountSlot() {
        assertEquals(
                "2026-11-26",
                CollectionSchedule.forAccountDay(Instant.parse("2026-11-26T23:59:59Z"))
                        .label());
        assertEquals("90s", CollectionSchedule.label(Duration.ofSeconds(90)));
    }

    @Test
    void shouldRefuseTheScheduleWhenADurationIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new CollectionSchedule(List.of(Duration.ZERO)));
    }
}
