package dev.herald.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PostingQuotaTest {

    @Test
    void shouldKnowTheDocumentedCapsWhenThePlatformHasOne() {
        assertEquals(
                new PostingQuota(100, Duration.ofHours(24)),
                PostingQuota.of(Platform.INSTAGRAM).orElseThrow());
        assertEquals(
                "250 posts per 24 h",
                PostingQuota.of(Platform.THREADS).orElseThrow().describe());
        assertEquals(
                "100 posts per 15 min",
                PostingQuota.of(Platform.X).orElseThrow().describe());
        assertTrue(PostingQuota.of(Platform.SANDBOX).isEmpty());
    }

    @Test
    void shouldRefuseAQuotaWhenItAllowsNothing() {
        assertThrows(IllegalArgumentException.class, () -> new PostingQuota(0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new PostingQuota(1, Duration.ZERO));
    }
}
