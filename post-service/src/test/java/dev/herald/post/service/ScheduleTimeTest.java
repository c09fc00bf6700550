package dev.herald.post.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.herald.kit.error.ApiError;

class ScheduleTimeTest {

    private final List<ApiError.Detail> problems = new ArrayList<>();

    @Test
    void shouldTakeTheOffsetAsGivenWhenTheTimeHasOne() {
        assertEquals(
                Instant.parse("2026-12-01T08:00:00Z"),
                ScheduleTime.resolve("2026-12-01T09:00:00+01:00", ZoneId.of("America/New_York"), true, problems));
    }

    @Test
    void shouldReadALocalTimeInTheZoneWhenNoOffsetIsGiven() {
        assertEquals(
                Instant.parse("2026-12-01T08:00:00Z"),
                ScheduleTime.resolve("2026-12-01T09:00:00", ZoneId.of("Europe/Paris"), true, problems));
        assertEquals(
                Instant.parse("2026-07-01T07:00:00Z"),
                ScheduleTime.resolve("2026-07-01T09:00:00", ZoneId.of("Europe/Paris"), true, problems));
    }

    @Test
    void shouldMoveForwardByTheGapWhenTheLocalTimeDoesNotExist() {
        // 2026-03-29 02:00 -> 03:00 in Paris: 02:30 does not exist and becomes 03:30 CEST (01:30Z).
        assertEquals(
                Instant.parse("2026-03-29T01:30:00Z"),
                ScheduleTime.resolve("2026-03-29T02:30:00", ZoneId.of("Europe/Paris"), true, problems));
    }

    @Test
    void shouldTakeTheEarlierInstantWhenTheLocalTimeExistsTwice() {
        // 2026-10-25 03:00 -> 02:00 in Paris: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
        assertEquals(
                Instant.parse("2026-10-25T00:30:00Z"),
                ScheduleTime.resolve("2026-10-25T02:30:00", ZoneId.of("Europe/Paris"), true, problems));
    }

    @Test
    void shouldReportAProblemWhenTheInputIsUnusable() {
        assertNull(ScheduleTime.resolve("next tuesday", null, false, problems));
        assertNull(ScheduleTime.resolve("2026-12-01T09:00:00", null, false, problems));
        assertNull(ScheduleTime.zone("Mars/Olympus", problems));
        assertEquals(
                List.of("invalid_datetime", "timezone_required", "invalid_timezone"),
                problems.stream().map(ApiError.Detail::code).toList());
    }
}
