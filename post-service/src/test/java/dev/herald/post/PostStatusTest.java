package dev.herald.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostStatusTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "draft, draft",
        "draft draft, draft",
        "scheduled, scheduled",
        "scheduled draft, scheduled",
        "queued, publishing",
        "queued scheduled, publishing",
        "retrying published, publishing",
        "published, published",
        "published published, published",
        "published canceled, published",
        "failed, failed",
        "failed published, partial",
        "failed canceled, failed",
        "canceled, canceled",
        "canceled canceled, canceled"
    })
    void shouldDeriveThePostStatusWhenDestinationsAreInTheseStates(String destinations, String expected) {
        assertEquals(expected, PostStatus.derive(List.of(destinations.split(" "))));
    }
}
