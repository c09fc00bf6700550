package dev.herald.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.connector.PublishOutcome;

class LedgerEntryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static LedgerEntry inFlight() {
        return LedgerEntry.inFlight(
                new PublishRequest(
                        "ws_1",
                        "post_1",
                        "dest_1",
                        "acct_1",
                        "sandbox",
                        "test",
                        "Hello",
                        1,
                        NOW,
                        Map.of(),
                        PublishRequest.Content.NONE),
                NOW);
    }

    @Test
    void shouldTellTheFirstCallerItWasSupersededWhenTheDestinationIsClaimedAgain() {
        LedgerEntry entry = inFlight();
        int frozen = entry.takeFence();
        assertTrue(entry.heldBy(frozen));

        // The request redelivered to another publisher, which finds the entry in flight and takes it over.
        int takenOver = entry.takeFence();

        assertFalse(entry.heldBy(frozen), "the frozen publisher must not call the platform");
        assertTrue(entry.heldBy(takenOver));
    }

    @Test
    void shouldHoldNoFenceWhenTheCallWasAlreadyAnswered() {
        LedgerEntry entry = inFlight();
        int fence = entry.takeFence();
        entry.record(PublishOutcome.failed("sandbox_rejected", "No."), null, NOW);

        assertFalse(entry.heldBy(fence));
    }
}
