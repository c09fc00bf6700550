package dev.herald.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void shouldRoundTripWithSnakeCaseAndIsoTimesWhenWritingAResult() {
        var result = new PublishResult(
                "ws_1",
                "post_1",
                "dest_1",
                "acct_1",
                "sandbox",
                PublishResult.PUBLISHED,
                "sbx_1",
                "https://example.test/p/1",
                null,
                null,
                1,
                Instant.parse("2026-11-25T10:00:00Z"),
                null,
                Instant.parse("2026-11-25T10:00:01Z"));

        String json = EventJson.write(result);

        assertTrue(json.contains("\"destination_id\":\"dest_1\""), json);
        assertTrue(json.contains("\"published_at\":\"2026-11-25T10:00:00Z\""), json);
        assertEquals(result, EventJson.read(json, PublishResult.class));
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenReadingANewerProducer() {
        var account = EventJson.read("{\"account_id\":\"acct_1\",\"added_later\":true}", AccountEvent.class);

        assertEquals("acct_1", account.accountId());
    }

    @Test
    void shouldRejectWhenJsonIsMalformed() {
        assertThrows(IllegalArgumentException.class, () -> EventJson.read("{not json", PublishRequest.class));
    }
}
