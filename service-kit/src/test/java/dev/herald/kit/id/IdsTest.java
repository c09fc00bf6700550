package dev.herald.kit.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void shouldCarryPrefixAndTwentySixBase32CharactersWhenCreatingAnId() {
        String id = Ids.newId("post");

        assertTrue(id.matches("post_[0-9A-HJKMNP-TV-Z]{26}"), id);
    }

    @Test
    void shouldSortByTimeWhenCreatedInDifferentMilliseconds() {
        String earlier = Ids.ulid(1_700_000_000_000L);
        String later = Ids.ulid(1_700_000_000_001L);

        assertTrue(earlier.compareTo(later) < 0, earlier + " !< " + later);
        assertEquals(earlier.substring(0, 10), Ids.ulid(1_700_000_000_000L).substring(0, 10));
    }

    @Test
    void shouldNotRepeatWhenManyAreCreatedInOneMillisecond() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(Ids.ulid(1_700_000_000_000L));
        }
        assertEquals(10_000, seen.size());
        assertNotEquals(Ids.newId("a"), Ids.newId("a"));
    }
}
