package dev.herald.cli.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final ZoneId MACHINE = ZoneId.of("Asia/Tokyo");

    @Test
    void shouldSendALocalTimeWithItsZoneWhenAtAndTzAreGiven() {
        assertEquals(
                new Schedule("2026-12-01T09:00:00", "Europe/Berlin"),
                Schedule.of("2026-12-01 09:00", "Europe/Berlin", MACHINE));
    }

    @Test
    void shouldAcceptTheIsoSeparatorAndSecondsWhenGiven() {
        assertEquals(
                new Schedule("2026-12-01T09:00:30", "Europe/Berlin"),
                Schedule.of("2026-12-01T09:00:30", "Europe/Berlin", MACHINE));
    }

    @Test
    void shouldUseTheMachineZoneWhenTzIsAbsent() {
        assertEquals(new Schedule("2026-12-01T09:00:00", "Asia/Tokyo"), Schedule.of("2026-12-01 09:00", null, MACHINE));
    }

    @Test
    void shouldPassATimeWithAnOffsetAsItIsWhenOneIsGiven() {
        assertEquals(new Schedule("2026-12-01T08:00:00Z", null), Schedule.of("2026-12-01T08:00:00Z", null, MACHINE));
        assertEquals(
                new Schedule("2026-12-01T09:00:00+01:00", "Europe/Berlin"),
                Schedule.of("2026-12-01 09:00+01:00", "Europe/Berlin", MACHINE));
    }

    @Test
    void shouldLeaveADstGapTimeToTheApiWhenTheLocalTimeDoesNotExist() {
        // 02:30 on the spring-forward night does not exist in Berlin; the post-service moves it by the gap.
        assertEquals(
                new Schedule("2026-03-29T02:30:00", "Europe/Berlin"),
                Schedule.of("2026-03-29 02:30", "Europe/Berlin", MACHINE));
    }

    @Test
    void shouldSendNoScheduleWhenAtIsAbsent() {
        assertEquals(new Schedule(null, null), Schedule.of(null, null, MACHINE));
    }

    @Test
    void shouldRefuseWhenTheTimeOrZoneCannotBeRead() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.of("tomorrow 9am", null, MACHINE))
                .getMessage()
                .contains("is not a time"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.of("2026-02-30 09:00", null, MACHINE));
        assertThrows(IllegalArgumentException.class, () -> Schedule.of("2026-12-01 25:00", null, MACHINE));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> Schedule.of("2026-12-01 09:00", "Mars/Olympus", MACHINE))
                .getMessage()
                .contains("IANA"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.of(null, "Europe/Berlin", MACHINE))
                .getMessage()
                .contains("--tz needs --at"));
    }
}
