package dev.herald.post.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class QueueSlotsTest {

    private static Queue paris(Queue.Slot... slots) {
        return Queue.create("ws_1", "Paris", ZoneId.of("Europe/Paris"), List.of(slots), List.of(), Instant.now());
    }

    @Test
    void shouldKeepTheLocalTimeWhenTheOffsetChangesWithDaylightSaving() {
        Queue queue = paris(new Queue.Slot(1, LocalTime.of(9, 0))); // Mondays 09:00

        List<Instant> slots = queue.nextFreeSlots(Instant.parse("2026-03-20T00:00:00Z"), Set.of(), 2);

        assertEquals(
                List.of(
                        Instant.parse("2026-03-23T08:00:00Z"), // CET, +01:00
                        Instant.parse("2026-03-30T07:00:00Z")),
                slots); // CEST, +02:00
    }

    @Test
    void shouldMoveASlotForwardWhenItFallsInTheSpringForwardGap() {
        Queue queue = paris(new Queue.Slot(7, LocalTime.of(2, 30))); // Sundays 02:30

        List<Instant> slots = queue.nextFreeSlots(Instant.parse("2026-03-28T00:00:00Z"), Set.of(), 1);

        assertEquals(List.of(Instant.parse("2026-03-29T01:30:00Z")), slots); // 03:30 CEST
    }

    @Test
    void shouldUseTheEarlierInstantWhenASlotFallsInTheAutumnOverlap() {
        Queue queue = paris(new Queue.Slot(7, LocalTime.of(2, 30)));

        List<Instant> slots = queue.nextFreeSlots(Instant.parse("2026-10-24T00:00:00Z"), Set.of(), 1);

        assertEquals(List.of(Instant.parse("2026-10-25T00:30:00Z")), slots); // 02:30 CEST, once
    }

    @Test
    void shouldSkipTakenAndPastSlotsInTimeOrder() {
        Queue queue = paris(new Queue.Slot(3, LocalTime.of(18, 0)), new Queue.Slot(3, LocalTime.of(9, 0)));
        Instant after = Instant.parse("2026-12-02T09:00:00Z"); // Wednesday 10:00 local: 09:00 has passed

        List<Instant> slots = queue.nextFreeSlots(after, Set.of(Instant.parse("2026-12-02T17:00:00Z")), 2);

        assertEquals(List.of(Instant.parse("2026-12-09T08:00:00Z"), Instant.parse("2026-12-09T17:00:00Z")), slots);
    }
}
