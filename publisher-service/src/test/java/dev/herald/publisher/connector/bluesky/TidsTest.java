package dev.herald.publisher.connector.bluesky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.herald.kit.id.Ids;

class TidsTest {

    @Test
    void shouldEncodeTheSpecsLayoutWhenGivenTimeAndClockId() {
        // Known vector of @atcute/tid (TID.create(1724171495793000, 512)), and the spec's zero.
        assertEquals("3l25zusnsfck2", Tids.of(1724171495793000L, 512));
        assertEquals("2222222222222", Tids.of(0, 0));
    }

    @Test
    void shouldGiveEveryAttemptTheSameKeyWhenTheDestinationIsTheSame() {
        String destination = Ids.newId("dest");

        assertEquals(Tids.forDestination(destination, 0), Tids.forDestination(destination, 0));
        assertNotEquals(Tids.forDestination(destination, 0), Tids.forDestination(destination, 1));
        assertNotEquals(Tids.forDestination(destination, 0), Tids.forDestination(Ids.newId("dest"), 0));
    }

    @Test
    void shouldKeepTheUlidsMillisecondWhenTheIdIsAHeraldId() {
        String destination = "dest_01JD7Z6N2B3C4D5E6F7G8H9J0K";
        long millis = Tids.ulidMillis(destination);
        String tid = Tids.forDestination(destination, 0);

        long value = 0;
        for (char c : tid.toCharArray()) {
            value = (value << 5) | "234567abcdefghijklmnopqrstuvwxyz".indexOf(c);
        }
        assertEquals(millis, (value >>> 10) / 1000, "the TID's time is the destination's creation millisecond");
        assertTrue(tid.matches("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$"), tid);
    }

    @Test
    void shouldStillGiveAValidKeyWhenTheIdIsNotAUlid() {
        String tid = Tids.forDestination("dest_not-a-ulid", 3);

        assertTrue(tid.matches("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$"), tid);
        assertEquals(-1, Tids.ulidMillis("dest_not-a-ulid"));
    }
}
