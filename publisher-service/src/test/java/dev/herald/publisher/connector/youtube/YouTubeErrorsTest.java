package dev.herald.publisher.connector.youtube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.publisher.connector.PublishOutcome;
import dev.herald.publisher.connector.http.PlatformHttp;

/** YouTube's documented error bodies (https://developers.google.com/youtube/v3/docs/errors) in Herald's categories. */
class YouTubeErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-11-26 03:00 UTC is 19:00 the day before in Los Angeles (PST, UTC-8): 5 hours to midnight there. */
    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

    @Test
    void shouldDeferUntilMidnightPacificWhenTheProjectQuotaIsUsedUp() {
        PublishOutcome outcome = YouTubeErrors.outcome(answer(403, "quotaExceeded", Map.of()), NOW);

        assertEquals(PublishOutcome.Kind.DEFERRED, outcome.kind());
        assertEquals("quota_exhausted", outcome.errorCode());
        assertEquals(Duration.ofHours(5), outcome.retryAfter());
        assertTrue(outcome.errorMessage().contains("quotaExceeded"), outcome.errorMessage());
    }

    @Test
    void shouldDeferUntilMidnightPacificWhenTheChannelsUploadLimitIsReached() {
        PublishOutcome outcome = YouTubeErrors.outcome(answer(400, "uploadLimitExceeded", Map.of()), NOW);

        assertEquals(PublishOutcome.Kind.DEFERRED, outcome.kind());
        assertEquals("quota_exhausted", outcome.errorCode());
    }

    @Test
    void shouldRetryAfterTheAskedTimeWhenRateLimited() {
        PublishOutcome outcome =
                YouTubeErrors.outcome(answer(429, "rateLimitExceeded", Map.of("Retry-After", List.of("42"))), NOW);

        assertEquals(PublishOutcome.Kind.RETRYABLE, outcome.kind());
        assertEquals(PublishOutcome.RATE_LIMITED, outcome.errorCode());
        assertEquals(Duration.ofSeconds(42), outcome.retryAfter());
    }

    @Test
    void shouldNeedAReconnectWhenTheTokenIsRefused() {
        PublishOutcome outcome = YouTubeErrors.outcome(answer(401, "authError", Map.of()), NOW);

        assertEquals(PublishOutcome.Kind.FAILED, outcome.kind());
        assertEquals("auth_expired", outcome.errorCode());
    }

    @Test
    void shouldRejectTheContentKeepingYouTubesMessageWhenTheMetadataIsInvalid() {
        PublishOutcome outcome = YouTubeErrors.outcome(answer(400, "invalidTitle", Map.of()), NOW);

        assertEquals(PublishOutcome.Kind.FAILED, outcome.kind());
        assertEquals("content_rejected", outcome.errorCode());
        assertTrue(outcome.errorMessage().contains("The request failed (invalidTitle)"), outcome.errorMessage());
    }

    @Test
    void shouldRetryWhenYouTubeFailsOnItsSide() {
        PublishOutcome outcome = YouTubeErrors.outcome(answer(503, "backendError", Map.of()), NOW);

        assertEquals(PublishOutcome.Kind.RETRYABLE, outcome.kind());
        assertEquals("platform_error", outcome.errorCode());
        assertTrue(outcome.isPlatformTrouble());
    }

    private static PlatformHttp.Answer answer(int status, String reason, Map<String, List<String>> headers) {
        String raw = "{\"error\":{\"code\":" + status + ",\"message\":\"The request failed (" + reason
                + ")\",\"errors\":[{\"domain\":\"youtube\",\"reason\":\"" + reason + "\",\"message\":\"x\"}]}}";
        try {
            JsonNode body = JSON.readTree(raw);
            return new PlatformHttp.Answer(status, headers, body, raw);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
