package dev.herald.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The cursor walk: every item once, in order, and no page fetched before it is needed. */
class PagesTest {

    record Page(List<String> data, Boolean hasMore, String nextCursor) {}

    private static final Map<String, Page> PAGES = Map.of(
            "", new Page(List.of("a", "b"), true, "c1"),
            "c1", new Page(List.of(), true, "c2"), // an empty page in the middle does not end the walk
            "c2", new Page(List.of("c"), false, null));

    /** The items of {@link #PAGES}, noting each cursor fetched ("" for the first page). */
    private static Stream<String> walk(List<String> fetched) {
        return Pages.stream(
                (String cursor) -> {
                    String key = cursor == null ? "" : cursor;
                    fetched.add(key);
                    return PAGES.get(key);
                },
                Page::data,
                Page::hasMore,
                Page::nextCursor);
    }

    @Test
    void shouldYieldEveryItemInOrderWhenPagesFollowTheCursor() {
        List<String> fetched = new ArrayList<>();
        List<String> items = walk(fetched).toList();

        assertEquals(List.of("a", "b", "c"), items);
        assertEquals(List.of("", "c1", "c2"), fetched);
    }

    @Test
    void shouldFetchOnlyTheFirstPageWhenOnlyTheFirstItemIsTaken() {
        List<String> fetched = new ArrayList<>();
        String first = walk(fetched).findFirst().orElseThrow();

        assertEquals("a", first);
        assertEquals(List.of(""), fetched);
    }
}
