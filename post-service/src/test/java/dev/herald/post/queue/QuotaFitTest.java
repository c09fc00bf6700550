package dev.herald.post.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.herald.rules.PostingQuota;

class QuotaFitTest {

    private static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
    private static final PostingQuota TWO_A_DAY = new PostingQuota(2, Duration.ofHours(24));

    private static Instant at(long hours) {
        return T.plus(Duration.ofHours(hours));
    }

    @Test
    void shouldRefuseAPostWhenTheWindowBeforeItIsFull() {
        QuotaFit fit = new QuotaFit(TWO_A_DAY, List.of(at(0), at(1)));

        assertFalse(fit.fits(at(2)));
        assertFalse(fit.fits(at(24)), "a window is closed: a post exactly 24 h after the first still counts with it");
        assertTrue(fit.fits(at(25)));
    }

    @Test
    void shouldRefuseAPostWhenItWouldOverfillTheWindowOfALaterPost() {
        // Nothing before the candidate, but two posts within the day after it.
        QuotaFit fit = new QuotaFit(TWO_A_DAY, List.of(at(10), at(20)));

        assertFalse(fit.fits(at(0)), "the window ending at +20 h would hold three");
        assertTrue(fit.fits(at(-5)), "more than 24 h before the second one");
        assertTrue(fit.fits(at(40)), "the day before +40 h holds one post, and none comes after it");
    }

    @Test
    void shouldCountTakenSlotsWhenLaterSlotsAreAsked() {
        QuotaFit fit = new QuotaFit(TWO_A_DAY, List.of());

        List<Boolean> taken = List.of(
                fit.take(at(0)),
                fit.take(at(1)),
                fit.take(at(2)),
                fit.take(at(24)),
                fit.take(at(25)),
                fit.take(at(26)));

        assertEquals(List.of(true, true, false, false, true, true), taken);
    }

    @Test
    void shouldAcceptAnyTimeWhenTheAccountHasNoPosts() {
        QuotaFit fit = new QuotaFit(new PostingQuota(1, Duration.ofMinutes(15)), List.of());

        assertTrue(fit.take(at(0)));
        assertFalse(fit.fits(at(0).plus(Duration.ofMinutes(15))));
        assertTrue(fit.fits(at(0).plus(Duration.ofMinutes(16))));
    }
}
